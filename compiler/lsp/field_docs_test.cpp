#include "compiler/lsp/field_docs.h"

#include <doctest/doctest.h>

#include "compiler/sema/types.h"

namespace dsc::lsp {

TEST_CASE("field docs: every field of a fleet and a service has its row in docs/language.md") {
  sema::Schemas schemas;
  for (const sema::RecordSchema* schema : {&schemas.fleet, &schemas.service, &schemas.pod})
    for (const sema::FieldSchema& field : schema->fields)
      CHECK_MESSAGE(!FieldDoc(schema->name, field.name).empty(), schema->name, ".", field.name);
}

TEST_CASE("field docs: a row of the schema's own section wins over a same-named field's") {
  CHECK(FieldDoc("service", "image").find("required") != std::string::npos);
  CHECK(FieldDoc("sync", "from").find("sync[].path") != std::string::npos);
  CHECK(FieldDoc("fleet", "ttl").find("7d") != std::string::npos);
  CHECK(FieldDoc("service", "no-such-field").empty());
}

}  // namespace dsc::lsp
