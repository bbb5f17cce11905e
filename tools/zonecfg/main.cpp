// zonecfg: configure zones through the zones service (org.zones.Manager).
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

#include "client/bus_backend.hpp"
#include "detect.hpp"
#include "options.hpp"
#include "service_backend.hpp"
#include "shell.hpp"
#include "zonecfg/export.hpp"
#include "zonecfg/json.hpp"
#include "zonecfg/memory_backend.hpp"
#include "zonecfg/session.hpp"

namespace {

using zones::zonecfg::Session;
using zones::zonecfg::SessionOptions;
using zones::zonecfg_tool::Invocation;

std::optional<std::string> read_command_file(const std::string& file) {
    if (file == "-")
        return std::string(std::istreambuf_iterator<char>(std::cin), {});
    std::ifstream in(file);
    if (!in) {
        std::cerr << fmt::format("could not open file {}: {}\n", file, std::strerror(errno));
        return std::nullopt;
    }
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        std::cerr << fmt::format("{} is not a regular file.\n", file);
        return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The zonecfg commands that turn the zone's configuration into the JSON
// document's: everything after `create -b` for a new zone, only what
// differs for an existing one. nullopt after printing why not.
std::optional<std::string> json_commands(zones::zonecfg::Backend& backend, const Invocation& inv,
                                         const std::string& text) {
    std::string error;
    auto wanted = zones::zonecfg::config_from_json(text, inv.zone, &error);
    if (!wanted) {
        std::cerr << fmt::format("zonecfg: {}: {}\n", inv.file == "-" ? "stdin" : inv.file, error);
        return std::nullopt;
    }
    std::optional<zones::ZoneConfig> current = backend.load(inv.zone);
    auto commands = zones::zonecfg::export_changes(current ? &*current : nullptr, *wanted, &error);
    if (!commands) {
        std::cerr << fmt::format("zonecfg: {}: {}\n", inv.file == "-" ? "stdin" : inv.file, error);
        return std::nullopt;
    }
    return *commands;
}

int run(const Invocation& inv) {
    if (inv.mode == Invocation::Mode::Help) {
        // `zonecfg help ...` needs no zone and no service.
        zones::zonecfg::MemoryBackend none;
        Session s(none, "", {}, std::cout, std::cerr);
        s.run(zones::zonecfg_tool::joined_command(inv.words));
        return 0;
    }
    std::optional<std::string> input;
    if (inv.mode == Invocation::Mode::File && !(input = read_command_file(inv.file)))
        return 1;

    auto backend = zones::zonecfg_tool::guard_unreachable(zones::client::make_bus_backend());
    bool tty = ::isatty(STDIN_FILENO) != 0;
    SessionOptions opts;
    zones::zonecfg::Asker ask;
    if (tty && inv.mode != Invocation::Mode::File)
        ask = zones::zonecfg_tool::ask_on_terminal;
    switch (inv.mode) {
    case Invocation::Mode::File:
        opts.stop_on_error = true;
        if (zones::zonecfg::looks_like_json(*input)) {
            // A JSON document (export -o json): the commands that make the
            // zone so, run as a command file is.
            input = json_commands(*backend, inv, *input);
            if (!input)
                return 1;
            break;
        }
        opts.command_file = inv.file;
        break;
    case Invocation::Mode::Args:
        opts.stop_on_error = true;
        input = zones::zonecfg_tool::joined_command(inv.words);
        break;
    default:
        opts.interactive = true;
        break;
    }
    Session session(*backend, inv.zone, opts, std::cout, std::cerr, ask);
    if (inv.mode == Invocation::Mode::Interactive) {
        if (tty)
            return zones::zonecfg_tool::run_shell(session);
        // Commands piped to the shell: no prompts, as upstream.
        session.start();
        input = std::string(std::istreambuf_iterator<char>(std::cin), {});
    }
    session.run(*input);
    return session.finish().value_or(1);
}

}  // namespace

int main(int argc, char** argv) {
    // Unbuffered, as upstream: messages on stderr and output on stdout stay
    // in order when both go to one file or pipe.
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    // ^C must not kill the shell (upstream ignores SIGINT too).
    std::signal(SIGINT, SIG_IGN);
    // As on illumos: a zone has no configuration store of its own.
    if (zones::zonename::zone_of_dev_file()) {
        std::cerr << "zonecfg can only be run from the global zone.\n";
        return 1;
    }
    auto parsed = zones::zonecfg_tool::parse_options(std::vector<std::string>(argv, argv + argc));
    if (!parsed.ok) {
        std::cout << parsed.out;
        std::cerr << parsed.err;
        return parsed.status;
    }
    try {
        return run(parsed.inv);
    } catch (const std::exception& e) {
        // The service is unreachable (or died): one line, status 1.
        std::cerr << "zonecfg: " << e.what() << '\n';
        return 1;
    }
}
