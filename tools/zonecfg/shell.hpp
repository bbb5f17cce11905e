// The interactive shell: libedit line editing and history on a terminal.
#pragma once

#include <optional>
#include <string>

#include "zonecfg/session.hpp"

namespace zones::zonecfg_tool {

// Runs the session from the terminal until it ends; the exit status.
int run_shell(zonecfg::Session& session);

// A y/n question on the terminal: "QUESTION (y/[n])? ", an empty answer
// is no; nullopt at end of input.
std::optional<bool> ask_on_terminal(const std::string& question);

}  // namespace zones::zonecfg_tool
