// clang's -disable-free, for the same reason: a command that compiles one fleet and
// exits need not take its syntax trees, model and plan apart object by object (millions
// of destructors and frees: 5% of `dsc build -o -` at 10,000 services) when the kernel
// reclaims the whole heap at exit at once. The driver turns this on for such commands;
// everything else (tests, a long-running process) frees as usual.
#pragma once

#include <type_traits>
#include <utility>

namespace dsc::base {

// From now on, Free() leaves what it is given to the process's exit (or, given false,
// frees it again).
void DisableFree(bool disable = true);
bool FreeDisabled();

// Keeps `pointer` reachable until exit (so that LeakSanitizer does not report it).
void Bury(void* pointer);

// Frees `value` now (its destructor runs), or, when frees are disabled, never: it is
// moved into a heap object that is buried. Either way `value` is left moved-from.
template <typename T>
void Free(T&& value) {
  using Value = std::remove_cvref_t<T>;
  if (FreeDisabled()) {
    Bury(new Value(std::move(value)));
  } else {
    Value dropped(std::move(value));
  }
}

}  // namespace dsc::base
