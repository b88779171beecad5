#include "base/build_id.h"

#include <elf.h>
#include <link.h>

#include <cstring>

namespace dsc::base {
namespace {

int FindBuildId(dl_phdr_info* info, size_t, void* out) {
  // The first object dl_iterate_phdr reports is the program itself.
  auto* hex = static_cast<std::string*>(out);
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& segment = info->dlpi_phdr[i];
    if (segment.p_type != PT_NOTE) continue;
    auto* at = reinterpret_cast<const char*>(info->dlpi_addr + segment.p_vaddr);
    const char* end = at + segment.p_memsz;
    while (at + sizeof(ElfW(Nhdr)) <= end) {
      auto* note = reinterpret_cast<const ElfW(Nhdr)*>(at);
      const char* name = at + sizeof(ElfW(Nhdr));
      const char* desc = name + ((note->n_namesz + 3) & ~3u);
      if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 &&
          std::memcmp(name, "GNU", 4) == 0) {
        static constexpr char kHex[] = "0123456789abcdef";
        for (unsigned j = 0; j < note->n_descsz; ++j) {
          auto byte = static_cast<unsigned char>(desc[j]);
          *hex += kHex[byte >> 4];
          *hex += kHex[byte & 15];
        }
        return 1;
      }
      at = desc + ((note->n_descsz + 3) & ~3u);
    }
  }
  return 1;  // only the program is of interest
}

}  // namespace

std::string ProgramBuildId() {
  static const std::string id = [] {
    std::string hex;
    dl_iterate_phdr(FindBuildId, &hex);
    return hex;
  }();
  return id;
}

}  // namespace dsc::base
