#include "shell.hpp"

#include <cctype>
#include <cstdlib>
#include <iostream>
#include <memory>

#include <editline/readline.h>

namespace zones::zonecfg_tool {
namespace {

struct FreeDeleter {
    void operator()(char* p) const { std::free(p); }   // readline() mallocs
};

}  // namespace

std::optional<bool> ask_on_terminal(const std::string& question) {
    for (;;) {
        std::cout << question << " (y/[n])? " << std::flush;
        std::string answer;
        if (!std::getline(std::cin, answer))
            return std::nullopt;
        if (answer.empty())
            return false;
        char c = static_cast<char>(std::tolower(static_cast<unsigned char>(answer.front())));
        if (c == 'y')
            return true;
        if (c == 'n')
            return false;
    }
}

int run_shell(zonecfg::Session& session) {
    using_history();
    session.start();
    for (;;) {
        if (!session.done()) {
            std::unique_ptr<char, FreeDeleter> line(readline(session.prompt().c_str()));
            if (!line) {
                std::cout << '\n';   // ^D leaves the cursor after the prompt
                if (auto status = session.finish())
                    return *status;
                continue;
            }
            std::string text(line.get());
            if (text.find_first_not_of(" \t") != std::string::npos)
                add_history(text.c_str());
            session.run(text + "\n");
        }
        if (session.done()) {
            if (auto status = session.finish())
                return *status;
        }
    }
}

}  // namespace zones::zonecfg_tool
