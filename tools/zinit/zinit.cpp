// zinit: PID 1 of a sparse zone. Runs /etc/rc.d/S* start (sorted) at boot,
// then keeps the console login of /etc/zinit/console on the console
// (illumos' console login; install seeds Debian's agetty from util-linux,
// "web console login: "), respawned when the session on it ends; reaps orphans, and on SIGTERM/SIGPWR runs K* stop
// (or S* stop in reverse when there is no K*), then exits 0 (halt); SIGINT
// does the same and exits 129, which zoneadmd takes as a reboot request.
// Never exits otherwise. Static and tiny: no iostreams, writes to its
// console what it runs and when the boot is done, so the console log
// tells the boot.
#include <dirent.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

namespace {

constexpr int kRebootStatus = 129;
constexpr const char* kRcDir = "/etc/rc.d";
// The console login (as illumos' console-login service, an inittab line):
// the command on its first line, split at blanks, run on the console and
// respawned. Install seeds "/sbin/agetty --noclear --nohostname
// --issue-file /etc/zinit/console.issue console vt220" ("web console
// login: "); without the file there is no console login.
constexpr const char* kConsoleLogin = "/etc/zinit/console";

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

// The console getty, respawned as init respawns its gettys: at once,
// unless it keeps dying within a second, then after a pause.
struct Getty {
    pid_t pid = -1;
    std::time_t started = 0;
    int quick_deaths = 0;
    std::time_t next_start = 0;   // 0: none pending
};

// The console login's argv, empty when there is none to keep.
std::vector<std::string> console_login() {
    std::vector<std::string> argv;
    if (!::isatty(STDIN_FILENO)) return argv;
    FILE* f = std::fopen(kConsoleLogin, "re");
    if (f == nullptr) return argv;
    char line[1024];
    if (std::fgets(line, sizeof line, f) != nullptr) {
        std::string word;
        for (const char* c = line; *c != '\0' && *c != '\n'; ++c) {
            if (*c == ' ' || *c == '\t') {
                if (!word.empty()) argv.push_back(word);
                word.clear();
            } else {
                word += *c;
            }
        }
        if (!word.empty()) argv.push_back(word);
    }
    std::fclose(f);
    if (!argv.empty() && argv[0][0] != '/') {
        say(std::string(kConsoleLogin) + ": the command must be an absolute path");
        argv.clear();
    }
    return argv;
}

void start_getty(Getty& g, const std::vector<std::string>& cmd, const sigset_t& saved) {
    g.next_start = 0;
    pid_t pid = ::fork();
    if (pid < 0) {
        say(std::string("console login: fork: ") + std::strerror(errno));
        g.next_start = std::time(nullptr) + 10;
        return;
    }
    if (pid == 0) {
        ::sigprocmask(SIG_SETMASK, &saved, nullptr);
        ::setsid();
        std::vector<char*> argv;
        for (const std::string& a : cmd) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    g.pid = pid;
    g.started = std::time(nullptr);
}

void getty_died(Getty& g) {
    g.pid = -1;
    const std::time_t now = std::time(nullptr);
    g.quick_deaths = now - g.started < 1 ? g.quick_deaths + 1 : 0;
    if (g.quick_deaths >= 5) {
        say("the console login is respawning too fast: waiting 10 seconds");
        g.quick_deaths = 0;
        g.next_start = now + 10;
    } else {
        g.next_start = now;
    }
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
    Getty getty;
    const std::vector<std::string> login = console_login();
    if (!login.empty()) {
        // Give the console up as our controlling terminal: the getty's
        // session takes it (stealing it would need CAP_SYS_ADMIN of the
        // host, which zone root never has).
        ::ioctl(STDIN_FILENO, TIOCNOTTY);
        // A getty flushes the terminal's queues, and on a pty that drops
        // what the console's reader (zoneadmd, busy finishing the boot)
        // has not taken yet: the boot's lines. Give it a second.
        getty.next_start = std::time(nullptr) + 1;
    }
    for (;;) {
        siginfo_t si{};
        int sig;
        if (getty.next_start != 0) {
            const std::time_t wait = getty.next_start - std::time(nullptr);
            if (wait <= 0) {
                start_getty(getty, login, saved);
                continue;
            }
            timespec ts{wait, 0};
            sig = ::sigtimedwait(&set, &si, &ts);
        } else {
            sig = ::sigwaitinfo(&set, &si);
        }
        if (sig == SIGCHLD) {
            for (int status; pid_t p = ::waitpid(-1, &status, WNOHANG);) {
                if (p < 0) break;
                if (p == getty.pid) getty_died(getty);
            }
        } else if (sig == SIGTERM || sig == SIGPWR) {
            stop(0, saved);
        } else if (sig == SIGINT) {
            stop(kRebootStatus, saved);
        }
    }
}
