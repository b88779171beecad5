#include "base/free_at_exit.h"

#include <vector>

namespace dsc::base {
namespace {

bool free_disabled = false;
// Never destroyed: a static vector would be destroyed at exit before LeakSanitizer's
// check runs, and what it held would then read as leaked.
std::vector<void*>* buried = nullptr;

}  // namespace

void DisableFree(bool disable) { free_disabled = disable; }

bool FreeDisabled() { return free_disabled; }

void Bury(void* pointer) {
  if (!buried) buried = new std::vector<void*>;
  buried->push_back(pointer);
}

}  // namespace dsc::base
