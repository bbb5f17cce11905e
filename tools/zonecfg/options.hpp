// zonecfg's command line: -z ZONE [-f FILE|-] [subcommand...] or `help`.
#pragma once

#include <string>
#include <vector>

namespace zones::zonecfg_tool {

struct Invocation {
    enum class Mode { Help, Interactive, File, Args };
    Mode mode = Mode::Interactive;
    std::string zone;
    std::string file;                  // -f FILE ("-" is stdin)
    std::vector<std::string> words;    // Args: the subcommands; Help: "help ..."
};

struct ParseResult {
    bool ok = false;
    Invocation inv;
    int status = 0;       // when !ok: the exit status (2: usage)
    std::string out;      // when !ok: what to print on stdout ...
    std::string err;      // ... and on stderr
};

ParseResult parse_options(const std::vector<std::string>& argv);

// Argument mode runs all words as one input: "set a=1; set b=2" or
// `set a=1` as separate words both work.
std::string joined_command(const std::vector<std::string>& words);

}  // namespace zones::zonecfg_tool
