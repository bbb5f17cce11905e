// ztop [-z zonelist] [interval [count]]: a per-zone top view (illumos
// prstat -Z's zone lines, with network bytes): CPU % of the host, memory,
// tasks, bytes received and sent per second and in all, busiest zone
// first. On a terminal it redraws in place until q, ^C or count; otherwise
// it prints one plain block per interval.
//
// A tool of its own rather than zonestat -r: illumos zonestat's -r already
// means "report these resource types", and zonestat prints reports, while
// this is an interactive view (as prstat is beside zonestat on illumos).
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "client/bus.hpp"
#include "client/usage.hpp"
#include "client/zones_api.hpp"
#include "sample.hpp"
#include "sys/fd.hpp"
#include "table.hpp"
#include "terminal.hpp"

using namespace zones;

namespace {

double now() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string clock_text() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::localtime_r(&t, &tm);
    return fmt::format("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec);
}

ztop::Screen screen_of(const std::vector<ztop::Sample>& s, unsigned interval, bool interactive) {
    ztop::Screen sc;
    sc.clock = clock_text();
    sc.interval = interval;
    sc.interactive = interactive;
    for (const auto& z : s) {
        if (auto it = z.usage.find("online-cpus"); it != z.usage.end()) sc.online_cpus = static_cast<unsigned>(it->second);
        if (auto it = z.usage.find("physmem-bytes"); it != z.usage.end()) sc.physmem = it->second;
    }
    if (sc.online_cpus == 0) client::host_figures(sc.online_cpus, sc.physmem);
    return sc;
}

enum class Wake { Time, Quit, Redraw };

// Waits until `deadline` (monotonic seconds) for a key or a signal.
Wake wait_until(double deadline, int sigfd, ztop::Terminal& term) {
    for (;;) {
        const double left = deadline - now();
        if (left <= 0) return Wake::Time;
        pollfd fds[2] = {{sigfd, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
        const int r = ::poll(fds, 2, static_cast<int>(left * 1000) + 1);
        if (r < 0 && errno != EINTR) return Wake::Quit;
        if (r <= 0) continue;
        if (fds[0].revents & POLLIN) {
            signalfd_siginfo si{};
            if (::read(sigfd, &si, sizeof si) != sizeof si) continue;
            if (si.ssi_signo == SIGWINCH) return Wake::Redraw;
            if (si.ssi_signo == SIGTSTP) {
                term.suspend();
                ::kill(::getpid(), SIGSTOP);   // stopped here; SIGCONT goes on
                term.resume();
                return Wake::Redraw;
            }
            return Wake::Quit;   // INT, TERM, HUP, QUIT
        }
        if (fds[1].revents & (POLLHUP | POLLERR)) return Wake::Quit;
        if (fds[1].revents & POLLIN) {
            char c = 0;
            if (::read(STDIN_FILENO, &c, 1) == 1 && (c == 'q' || c == 'Q')) return Wake::Quit;
        }
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    client::UsageArgs defaults;
    defaults.interval = 2;
    const auto args = client::parse_usage_args(argc, argv, "ztop", "ztop [-z zonelist] [interval [count]]", "",
                                               [](int, const char*) { return false; }, defaults);
    if (!args) return 2;
    const std::set<std::string>& wanted = args->zones;
    const unsigned long interval = args->interval, count = args->count;
    const bool interactive = ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
    try {
        client::Bus bus = client::Bus::system();
        const auto zones = client::list_zones(bus);
        if (auto w = client::unknown_zone(zones, wanted)) {
            std::fprintf(stderr, "ztop: %s: No such zone configured\n", w->c_str());
            return 1;
        }
        if (!interactive) {
            auto prev = ztop::sample(bus, wanted);
            double t0 = now();
            for (unsigned long n = 1; count == 0 || n <= count; ++n) {
                const double wait = static_cast<double>(interval) - (now() - t0);
                if (wait > 0) ::usleep(static_cast<useconds_t>(wait * 1e6));
                const double t1 = now();
                auto cur = ztop::sample(bus, wanted);
                const auto rows = ztop::make_rows(prev, cur, t1 - t0);
                std::string text;
                for (const auto& l : ztop::render(screen_of(cur, static_cast<unsigned>(interval), false), rows))
                    text += l + "\n";
                text += "\n";
                std::fputs(text.c_str(), stdout);
                if (std::fflush(stdout) != 0) return 1;
                prev = std::move(cur);
                t0 = t1;
            }
            return 0;
        }
        // Signals become events (a signalfd), so that every one of them
        // leaves through the Terminal's destructor.
        sigset_t set;
        sigemptyset(&set);
        for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH, SIGTSTP}) sigaddset(&set, s);
        ::sigprocmask(SIG_BLOCK, &set, nullptr);
        sys::Fd sigfd(::signalfd(-1, &set, SFD_CLOEXEC));
        if (!sigfd) {
            std::fprintf(stderr, "ztop: %s\n", sys::errno_text("signalfd", errno).c_str());
            return 1;
        }
        ztop::Terminal term;
        term.draw({fmt::format("ztop: sampling the zones for {} s ...", interval)});
        auto prev = ztop::sample(bus, wanted);
        double t0 = now();
        std::optional<std::vector<ztop::Row>> shown;
        std::vector<ztop::Sample> last = prev;
        for (unsigned long n = 1; count == 0 || n <= count;) {
            const Wake w = wait_until(t0 + static_cast<double>(interval), sigfd.get(), term);
            if (w == Wake::Quit) return 0;
            if (w == Wake::Redraw) {
                if (shown)
                    term.draw(ztop::render(screen_of(last, static_cast<unsigned>(interval), true), *shown,
                                           term.columns(), term.rows()));
                continue;
            }
            const double t1 = now();
            auto cur = ztop::sample(bus, wanted);
            shown = ztop::make_rows(prev, cur, t1 - t0);
            last = cur;
            term.draw(ztop::render(screen_of(cur, static_cast<unsigned>(interval), true), *shown, term.columns(),
                                   term.rows()));
            prev = std::move(cur);
            t0 = t1;
            ++n;
        }
        return 0;
    } catch (const ZoneError& e) {
        std::fprintf(stderr, "ztop: %s\n", e.what());
        return 1;
    }
}
