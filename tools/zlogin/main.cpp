// zlogin [-dnQCES] [-e c] [-l user] zonename [command [args ...]]: enter a
// zone through org.zones.Manager (illumos-reference.md §5). Three modes:
// a command on our own stdin/stdout/stderr (passed as fds, nothing copied),
// an interactive shell on a pty of the zone, the zone console.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "client/bus.hpp"
#include "client/login_api.hpp"
#include "escape.hpp"
#include "options.hpp"
#include "relay.hpp"
#include "signals.hpp"
#include "stdio_relay.hpp"
#include "terminal.hpp"

using namespace zones;
using namespace zones::zlogin;

namespace {

void say(const std::string& line) { std::fprintf(stderr, "zlogin: %s\n", line.c_str()); }

std::uint64_t flags_of(const Options& o) { return o.safe ? client::kLoginSafe : 0; }

// An fd to hand over for stdio slot `fd`: itself, or /dev/null if closed.
int usable(int fd, sys::Fd& holder) {
    if (::fcntl(fd, F_GETFD) >= 0) return fd;
    holder.reset(::open("/dev/null", O_RDWR | O_CLOEXEC));
    return holder.get();
}

int run_mode(const Options& o, const client::Bus& bus) {
    SignalPipe sigs({SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2});
    ::signal(SIGPIPE, SIG_IGN);
    sys::Fd h0, h1, h2;
    int in = 0;
    if (o.null_stdin) {
        h0.reset(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        in = h0.get();
    } else {
        in = usable(0, h0);
    }
    StdioRelay stdio({in, usable(1, h1), usable(2, h2)});
    const int status = client::run_command(bus, o.zone, o.user, o.command, stdio.remote(0), stdio.remote(1),
                                           stdio.remote(2), sigs.read_fd(), flags_of(o), &stdio);
    stdio.drain();
    return status;
}

int shell_mode(const Options& o, const client::Bus& bus) {
    const char* term = std::getenv("TERM");
    client::Shell sh = client::open_shell(bus, o.zone, o.user, term ? term : "", flags_of(o));
    if (!o.quiet) {
        std::printf("[Connected to zone '%s' %s]\n", o.zone.c_str(), sh.tty.c_str());
        std::fflush(stdout);
    }
    SignalPipe sigs({SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGQUIT});
    {
        RawTerminal raw;
        raw.enter(0);
        copy_window_size(0, sh.pty.get());
        EscapeFilter esc(o.no_escape ? -1 : o.escape);
        relay(0, 1, sh.pty.get(), esc, sigs.read_fd(), [&] { copy_window_size(0, sh.pty.get()); });
    }   // terminal restored here, whatever ended the session
    sh.pty.reset();
    if (!o.quiet) std::fprintf(stderr, "\n[Connection to zone '%s' %s closed]\n", o.zone.c_str(), sh.tty.c_str());
    return 0;   // illumos: the shell's status is not passed back
}

// Console not there (zone installed or halted): wait, watching for the
// escape and for signals. false: the user left.
bool wait_for_console(int signal_fd, EscapeFilter& esc) {
    pollfd p[2] = {{0, POLLIN, 0}, {signal_fd, POLLIN, 0}};
    if (::poll(p, 2, 500) <= 0) return true;
    if (p[1].revents & POLLIN) {
        unsigned char s[16];
        ssize_t n = ::read(signal_fd, s, sizeof s);
        for (ssize_t i = 0; i < n; ++i)
            if (s[i] != SIGWINCH) return false;
    }
    if (p[0].revents & POLLIN) {
        char buf[256];
        ssize_t n = ::read(0, buf, sizeof buf);
        bool leave = false;
        if (n > 0) esc.feed(std::string_view(buf, static_cast<std::size_t>(n)), leave);
        if (leave) return false;
    }
    return true;
}

bool console_missing(const ZoneError& e) {
    return e.kind() == ErrorKind::InvalidState && std::string_view(e.what()).find("has no console") != std::string_view::npos;
}

int console_mode(const Options& o, const client::Bus& bus) {
    sys::Fd con;
    try {
        con = client::open_console(bus, o.zone);
    } catch (const ZoneError& e) {
        if (o.disconnect || !console_missing(e)) throw;
    }
    if (!o.quiet) {
        std::printf("[Connected to zone '%s' console]\n", o.zone.c_str());
        std::fflush(stdout);
    }
    SignalPipe sigs({SIGWINCH, SIGTERM, SIGHUP, SIGINT, SIGQUIT});
    int rc = 0;
    {
        RawTerminal raw;
        raw.enter(0);
        EscapeFilter esc(o.no_escape ? -1 : o.escape);
        for (;;) {
            if (!con) {
                if (!wait_for_console(sigs.read_fd(), esc)) break;
                try {
                    con = client::open_console(bus, o.zone);
                } catch (const ZoneError& e) {
                    if (console_missing(e)) continue;
                    raw.restore();
                    say(e.what());
                    rc = 1;
                    break;
                }
            }
            ::fcntl(con.get(), F_SETFL, ::fcntl(con.get(), F_GETFL) & ~O_NONBLOCK);
            const RelayEnd end = relay(0, 1, con.get(), esc, sigs.read_fd(), [] {});
            con.reset();
            // The zone halted: illumos stays attached for its next boot (-d: leave).
            if (end != RelayEnd::RemoteClosed || o.disconnect) break;
        }
    }
    if (!o.quiet && rc == 0) {
        std::printf("\n[Connection to zone '%s' console closed]\n", o.zone.c_str());
        std::fflush(stdout);
    }
    return rc;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (auto e = parse_options(std::vector<std::string>(argv + 1, argv + argc), o)) {
        if (!e->message.empty()) say(e->message);
        std::fprintf(stderr, "%.*s\n", static_cast<int>(kUsage.size()), kUsage.data());
        return 2;
    }
    if (o.zone == "global") {
        say("'zlogin' not applicable to the global zone");
        return 1;
    }
    const bool interactive = o.command.empty() && ::isatty(0) && !o.null_stdin;
    if (o.command.empty() && !o.console && o.null_stdin && ::isatty(0)) {
        say("-n may not be specified for interactive login");
        std::fprintf(stderr, "%.*s\n", static_cast<int>(kUsage.size()), kUsage.data());
        return 2;
    }
    try {
        const client::Bus bus = client::Bus::system();
        if (o.console) return console_mode(o, bus);
        if (interactive) return shell_mode(o, bus);
        return run_mode(o, bus);
    } catch (const ZoneError& e) {
        say(e.what());
        return 1;
    } catch (const std::exception& e) {
        say(e.what());
        return 1;
    }
}
