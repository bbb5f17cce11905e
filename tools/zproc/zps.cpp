// zps [-z zonelist] [ps options]: procps ps with a ZONE column in front
// (illumos ps -Z) and -z to list only the processes of some zones (illumos
// ps -z). Everything else is ps(1)'s: zps runs /usr/bin/ps with the user's
// options (plus a PID column of its own when -o chooses the columns) and
// adds the zone of each row's PID, read from /proc/PID/cgroup.
//
// C++ rather than a shell script: the zone is resolved by the same code as
// zpgrep/zpkill (unit-tested), the output is parsed once, not per line with
// awk, and the tool works the same under any locale and shell.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "ps_table.hpp"
#include "zone_procs.hpp"
#include "zones/file_util.hpp"
#include "zones/spawn.hpp"

using namespace zones;

int main(int argc, char* argv[]) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const zproc::PsParse parsed = zproc::parse_ps_args(args);
    if (!parsed.call) {
        std::fprintf(stderr, "zps: %s\nUsage: zps [-z zonelist] [ps options]\n", parsed.error.c_str());
        return 1;
    }
    const zproc::PsCall& call = *parsed.call;
    if (std::string e = zproc::check_zone_names(call.zones); !e.empty()) {
        std::fprintf(stderr, "zps: %s\n", e.c_str());
        return 1;
    }
    std::vector<std::string> ps = {ZPROC_PS};
    ps.insert(ps.end(), call.argv.begin(), call.argv.end());
    // On a terminal ps cuts rows to its width: leave room for ZONE.
    std::vector<std::string> env;
    winsize ws{};
    if (!std::getenv("COLUMNS") && ::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        env.push_back(fmt::format("COLUMNS={}", ws.ws_col - 9));
    std::string output;
    int status = 0;
    try {
        int p[2];
        if (::pipe2(p, O_CLOEXEC) < 0) fsutil::throw_errno("pipe", errno);
        sys::Fd rd(p[0]), wr(p[1]);
        Child child = spawn(ps, {STDIN_FILENO, wr.get(), STDERR_FILENO, {}}, inherited_environment(env));
        wr.reset();
        char buf[65536];
        for (;;) {
            const ssize_t n = ::read(rd.get(), buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            output.append(buf, static_cast<std::size_t>(n));
        }
        status = child.wait();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "zps: cannot run %s: %s\n", ZPROC_PS, e.what());
        return 1;
    }
    // ps's own errors (a bad option) are on stderr already; its status is ours.
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fputs(output.c_str(), stdout);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    }
    try {
        const std::string table = zproc::zone_table(output, call, [](long pid) { return zproc::zone_of_pid(pid); });
        std::fwrite(table.data(), 1, table.size(), stdout);
    } catch (const std::runtime_error& e) {
        std::fprintf(stderr, "zps: %s\n", e.what());
        return 1;
    }
    return std::fflush(stdout) == 0 ? 0 : 1;
}
