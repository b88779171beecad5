// Text as devspace.yaml must hold it for DevSpace to read it back unchanged.
//
// DevSpace 6 loads its config in three passes over every string (loader: variables,
// expressions, variables again — pkg/util/vars/parse.go, pkg/devspace/config/loader/
// expression/expression.go):
//   variables    every `$…{NAME}` (a run of `$`, an optional `!`, `{`, anything but `}`,
//                `}`) is replaced: by the variable's value, or, when the run has two or
//                more `$`, by itself less one `$`;
//   expressions  when any line of the value is `$(…)` to the end of a line (also `$#(`,
//                `$!(`, `$#!(`, and with two `$`; `…` may span lines), the value either
//                loses its first character (when its second one is `$`) or the match runs
//                as a shell command on the developer's machine.
// So a `${NAME}` must arrive with two more `$`, and a value holding an expression must
// start with `$$` once the variables are escaped. Some values cannot be escaped: one that
// holds an expression line but does not start with `$` (DevSpace would run it whatever
// is added), and one that starts with `$$(`.
#pragma once

#include <optional>
#include <string>

namespace dsc::emit {

// The text to write, or nullopt when DevSpace cannot be made to read `text` as written.
std::optional<std::string> EscapeForDevspace(const std::string& text);

// Whether DevSpace's expression pass would act on `text` (exposed for tests).
bool HasDevspaceExpression(const std::string& text);

}  // namespace dsc::emit
