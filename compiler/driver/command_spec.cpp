#include "compiler/driver/command_spec.h"

namespace dsc::driver {

std::vector<CommandSpec> ReadCommandSpecs() {
  std::vector<CommandSpec> specs;
  for (const Command& command : Commands()) {
    cxxopts::Options options = command.options();
    CommandSpec spec;
    spec.command = &command;
    // cxxopts gives no list of positionals; its help leaves them out, so an option
    // the help does not show as --NAME is a positional.
    const std::string help = options.help();
    for (const std::string& group : options.groups()) {
      for (const cxxopts::HelpOptionDetails& detail : options.group_help(group).options) {
        if (detail.l.empty()) continue;
        const std::string& long_name = detail.l.front();
        if (help.find("--" + long_name) == std::string::npos) continue;
        OptionSpec option;
        option.long_name = long_name;
        option.short_name = detail.s;
        option.help = detail.desc;
        if (!detail.is_boolean) option.argument = detail.arg_help.empty() ? "ARG" : detail.arg_help;
        if (detail.has_default && !detail.is_boolean) option.default_value = detail.default_value;
        spec.options.push_back(std::move(option));
      }
    }
    specs.push_back(std::move(spec));
  }
  return specs;
}

}  // namespace dsc::driver
