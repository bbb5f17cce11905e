#include "zones/spawn.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/core.h>

#include "zones/config.hpp"

extern char** environ;

namespace zones {

Child& Child::operator=(Child&& o) noexcept {
    if (this != &o) {
        Child old(std::exchange(pid_, std::exchange(o.pid_, -1)));
    }
    return *this;
}

Child::~Child() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
        }
    }
}

int Child::wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0) {
        if (errno != EINTR) {
            status = -1;
            break;
        }
    }
    pid_ = -1;
    return status;
}

namespace {

struct FileActions {
    posix_spawn_file_actions_t a;
    FileActions() { posix_spawn_file_actions_init(&a); }
    ~FileActions() { posix_spawn_file_actions_destroy(&a); }
};

struct SpawnAttr {
    posix_spawnattr_t a;
    SpawnAttr() { posix_spawnattr_init(&a); }
    ~SpawnAttr() { posix_spawnattr_destroy(&a); }
};

[[noreturn]] void fail(const std::string& what, int err) {
    throw ZoneError(ErrorKind::Internal, fmt::format("{}: {}", what, std::strerror(err)));
}

}  // namespace

std::vector<std::string> clean_environment() {
    return {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
}

std::vector<std::string> inherited_environment(const std::vector<std::string>& add) {
    std::vector<std::string> env;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e)
        env.emplace_back(*e);
    env.insert(env.end(), add.begin(), add.end());
    return env;
}

Child spawn(const std::vector<std::string>& argv, const SpawnFds& fds,
            const std::vector<std::string>& env_list) {
    if (argv.empty())
        fail("spawn", EINVAL);
    FileActions fa;
    std::vector<int> sources = {fds.stdin_fd, fds.stdout_fd, fds.stderr_fd};
    sources.insert(sources.end(), fds.extra.begin(), fds.extra.end());
    const int count = static_cast<int>(sources.size());
    // A source below `count` could be clobbered by placing another fd:
    // copy it above first (the copy is closed on exec and here on return).
    std::vector<sys::Fd> lifted;
    for (int& s : sources) {
        if (s >= 0 && s < count) {
            lifted.emplace_back(::fcntl(s, F_DUPFD_CLOEXEC, count));
            if (!lifted.back())
                fail("fcntl", errno);
            s = lifted.back().get();
        }
    }
    for (int i = 0; i < count; ++i) {
        if (sources[static_cast<std::size_t>(i)] >= 0)
            posix_spawn_file_actions_adddup2(&fa.a, sources[static_cast<std::size_t>(i)], i);
        else
            posix_spawn_file_actions_addopen(&fa.a, i, "/dev/null", i == 0 ? O_RDONLY : O_WRONLY,
                                             0);
    }
    // Exactly these fds and no other: an fd of ours that is not CLOEXEC
    // (sdbus-c++ dup()s every fd a client sends) must not reach the child.
    posix_spawn_file_actions_addclosefrom_np(&fa.a, count);

    SpawnAttr attr;
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attr.a, &none);
    posix_spawnattr_setsigdefault(&attr.a, &all);
    posix_spawnattr_setflags(&attr.a, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
                                          POSIX_SPAWN_SETSID);

    std::vector<char*> args;
    for (const std::string& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    std::vector<char*> env;
    for (const std::string& e : env_list)
        env.push_back(const_cast<char*>(e.c_str()));
    env.push_back(nullptr);

    pid_t pid = -1;
    const int r = ::posix_spawn(&pid, argv[0].c_str(), &fa.a, &attr.a, args.data(), env.data());
    if (r != 0)
        fail(argv[0], r);
    return Child(pid);
}

std::pair<int, std::string> run_collect_stderr(const std::vector<std::string>& argv,
                                               std::size_t max_err) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0)
        fail("pipe", errno);
    sys::Fd rd(p[0]), wr(p[1]);
    SpawnFds fds;
    fds.stderr_fd = wr.get();
    Child child = spawn(argv, fds);
    wr.reset();
    std::string err;
    char buf[4096];
    for (;;) {
        ssize_t n = ::read(rd.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        err.append(buf, static_cast<std::size_t>(n));
        if (err.size() > 2 * max_err)
            err.erase(0, err.size() - max_err);
    }
    if (err.size() > max_err)
        err.erase(0, err.size() - max_err);
    return {child.wait(), err};
}

std::string describe_wait_status(int status) {
    if (status < 0)
        return "could not be waited for";
    if (WIFEXITED(status))
        return fmt::format("exited with status {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return fmt::format("killed by signal {}", WTERMSIG(status));
    return fmt::format("ended with wait status {}", status);
}

}  // namespace zones
