// zinit: PID 1 of a sparse zone. Runs /etc/rc.d/S* start (sorted) at boot,
// reaps orphans, and on SIGTERM/SIGPWR runs K* stop (or S* stop in
// reverse when there is no K*), then exits 0 (halt); SIGINT does the same
// and exits 129, which zoneadmd takes as a reboot request. Never exits
// otherwise. Static and tiny: no iostreams, writes to its console what it
// runs and when the boot is done, so the console log tells the boot.
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr int kRebootStatus = 129;
constexpr const char* kRcDir = "/etc/rc.d";

void say(const std::string& text) {
    std::string line = "zinit: " + text + "\r\n";
    [[maybe_unused]] ssize_t n = ::write(STDOUT_FILENO, line.data(), line.size());
}

std::vector<std::string> scripts(char prefix) {
    std::vector<std::string> v;
    if (DIR* d = ::opendir(kRcDir)) {
        while (dirent* e = ::readdir(d))
            if (e->d_name[0] == prefix) {
                std::string p = std::string(kRcDir) + "/" + e->d_name;
                struct stat st {};
                if (::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111)) v.push_back(p);
            }
        ::closedir(d);
    }
    std::sort(v.begin(), v.end());
    return v;
}

void reap() {
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {}
}

// Run one script to completion; orphans that die meanwhile are reaped.
void run(const std::string& path, const char* verb, const sigset_t& saved) {
    say(path + " " + verb);
    pid_t pid = ::fork();
    if (pid < 0) return say(path + ": fork: " + std::strerror(errno));
    if (pid == 0) {
        ::sigprocmask(SIG_SETMASK, &saved, nullptr);
        ::setsid();
        char* argv[] = {const_cast<char*>(path.c_str()), const_cast<char*>(verb), nullptr};
        ::execv(path.c_str(), argv);
        ::_exit(127);
    }
    int status = 0;
    for (;;) {
        pid_t r = ::waitpid(-1, &status, 0);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) break;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) say(path + " " + verb + " failed");
}

[[noreturn]] void stop(int code, const sigset_t& saved) {
    std::vector<std::string> k = scripts('K');
    if (k.empty()) {
        k = scripts('S');
        std::reverse(k.begin(), k.end());
    }
    for (const auto& s : k) run(s, "stop", saved);
    // Whatever is left: TERM, a grace period, then KILL. Only as PID 1 of
    // the zone's PID namespace, where -1 means the zone's processes only.
    if (::getpid() != 1) {
        say(code == kRebootStatus ? "rebooting" : "halting");
        ::_exit(code);
    }
    ::kill(-1, SIGTERM);
    for (int i = 0; i < 20; ++i) {
        reap();
        if (::kill(-1, 0) < 0 && errno == ESRCH) break;
        ::usleep(50000);
    }
    ::kill(-1, SIGKILL);
    while (::wait(nullptr) > 0 || errno == EINTR) {}
    say(code == kRebootStatus ? "rebooting" : "halting");
    ::_exit(code);
}

}  // namespace

int main() {
    sigset_t set, saved;
    sigemptyset(&set);
    for (int s : {SIGCHLD, SIGTERM, SIGPWR, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGQUIT})
        sigaddset(&set, s);
    ::sigprocmask(SIG_BLOCK, &set, &saved);
    // The rc scripts run from /; a zone whose / cannot be entered still runs them.
    if (::chdir("/") != 0) say(std::string("chdir /: ") + std::strerror(errno));
    const std::vector<std::string> start = scripts('S');
    for (const auto& s : start) {
        run(s, "start", saved);
        // A stop request that came during start-up is handled right away.
        sigset_t pend;
        sigpending(&pend);
        if (sigismember(&pend, SIGTERM) || sigismember(&pend, SIGPWR)) stop(0, saved);
        if (sigismember(&pend, SIGINT)) stop(kRebootStatus, saved);
    }
    say(start.empty() ? std::string("boot done (no start scripts in ") + kRcDir + ")"
                      : "boot done (" + std::to_string(start.size()) + " start script" + (start.size() == 1 ? "" : "s") + " run)");
    for (;;) {
        siginfo_t si{};
        int sig = ::sigwaitinfo(&set, &si);
        if (sig == SIGCHLD) reap();
        else if (sig == SIGTERM || sig == SIGPWR) stop(0, saved);
        else if (sig == SIGINT) stop(kRebootStatus, saved);
    }
}
