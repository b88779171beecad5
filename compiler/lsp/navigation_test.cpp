#include "compiler/lsp/navigation.h"

#include <doctest/doctest.h>

#include <string>

namespace dsc::lsp {
namespace {

// A kind with a param used in its body, a feature with its own infra, and references
// of each scope; `@` marks nothing, positions are found by text.
constexpr const char* kFleet = R"(import "std/db"
import "./lib.ds" as lib

fleet shop {
  namespace = "shop"
}

infra cache: lib.queue { size = 3 }

service api {
  image = "ghcr.io/acme/api:1"
  env {
    QUEUE = cache.address
    NS = fleet.namespace
  }
}

feature beta {
  infra cache: db.redis {}
  fork api {
    env { QUEUE = cache.url }
  }
}
)";

constexpr const char* kLib = R"(kind queue: infra {
  param size: int = 1
  export address: string = "q-${size}-${self.name}"
}
)";

struct Loaded {
  SourceManager sources;
  DiagnosticSink diags;
  sema::ModuleSet modules;
};

void Load(Loaded& out) {
  InMemoryFileSystem files;
  files.Add("/p/shop.ds", kFleet);
  files.Add("/p/lib.ds", kLib);
  out.modules = sema::LoadModules("/p/shop.ds", files, out.sources, out.diags);
  REQUIRE(out.modules.ok);
}

// What the name at the `nth` occurrence of `needle` (+ `offset`) in module `module` names.
std::optional<Target> At(const Loaded& loaded, int module, const std::string& needle,
                         uint32_t offset = 0, int nth = 0) {
  const std::string& text = loaded.sources.Get(loaded.modules.modules[module].file.file).text();
  size_t at = std::string::npos;
  for (int i = 0; i <= nth; ++i) at = text.find(needle, at + 1);
  REQUIRE(at != std::string::npos);
  auto site = NameSiteAt(loaded.modules.modules[module].file, static_cast<uint32_t>(at + offset));
  if (!site) return std::nullopt;
  return Resolve(loaded.modules, module, *site);
}

std::string Named(const Loaded& loaded, const std::optional<Target>& target) {
  if (!target) return "nothing";
  std::string module = loaded.modules.modules[target->module].path;
  if (target->member) return module + ": " + target->member->key.text;
  if (target->decl)
    return module + ": " + std::string(ast::DeclKindKeyword(target->decl->kind)) + " " +
           target->decl->name.text;
  return module;
}

}  // namespace

TEST_CASE("navigation: each name resolves in its scope") {
  Loaded loaded;
  Load(loaded);
  int lib = ModuleOfPath(loaded.modules, "/p/lib.ds");
  REQUIRE(lib > 0);
  // The baseline's `cache` is the file's infra; its export comes from lib's kind.
  CHECK(Named(loaded, At(loaded, 0, "cache.address")) == "/p/shop.ds: infra cache");
  CHECK(Named(loaded, At(loaded, 0, "cache.address", 7)) == "/p/lib.ds: address");
  CHECK(Named(loaded, At(loaded, 0, "lib.queue", 5)) == "/p/lib.ds: kind queue");
  CHECK(Named(loaded, At(loaded, 0, "lib.queue", 1)) == "/p/lib.ds");
  CHECK(Named(loaded, At(loaded, 0, "fleet.namespace")) == "/p/shop.ds: fleet shop");
  CHECK(Named(loaded, At(loaded, 0, "fleet.namespace", 7)) == "nothing");  // built in
  // Inside the feature, `cache` is the feature's own infra, of std/db's redis.
  CHECK(Named(loaded, At(loaded, 0, "cache.url")) == "/p/shop.ds: infra cache");
  CHECK(At(loaded, 0, "cache.url")->decl != At(loaded, 0, "cache.address")->decl);
  CHECK(Named(loaded, At(loaded, 0, "cache.url", 7)) == "std/db.ds: url");
  CHECK(Named(loaded, At(loaded, 0, "fork api", 6)) == "/p/shop.ds: service api");
  // In the kind: its param, `self`, and a declaration's own name.
  CHECK(Named(loaded, At(loaded, lib, "${size}", 3)) == "/p/lib.ds: size");
  CHECK(Named(loaded, At(loaded, lib, "self.name", 1)) == "/p/lib.ds: kind queue");
  CHECK(Named(loaded, At(loaded, lib, "queue")) == "/p/lib.ds: kind queue");
  // Not a name: a field, a string's text, a keyword.
  CHECK(Named(loaded, At(loaded, 0, "image")) == "nothing");
  CHECK(Named(loaded, At(loaded, 0, "acme")) == "nothing");
  CHECK(Named(loaded, At(loaded, 0, "service")) == "nothing");
}

TEST_CASE("navigation: references find every use, across files, and nothing else") {
  Loaded loaded;
  Load(loaded);
  int lib = ModuleOfPath(loaded.modules, "/p/lib.ds");
  auto address = At(loaded, lib, "address");
  REQUIRE(address);
  auto uses = References(loaded.modules, *address);
  CHECK(uses.size() == 2);  // its declaration and `cache.address`
  auto baseline_cache = At(loaded, 0, "cache.address");
  // The baseline's `cache`: declared once, used once; the feature's `cache` is another.
  CHECK(References(loaded.modules, *baseline_cache).size() == 2);
  CHECK(References(loaded.modules, *At(loaded, 0, "cache.url")).size() == 2);
  // `api`: its declaration and the fork.
  CHECK(References(loaded.modules, *At(loaded, 0, "service api", 9)).size() == 2);
}

}  // namespace dsc::lsp
