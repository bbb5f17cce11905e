// Whole-root zones from an image: an archive unpacked by tar or a tree
// copied by cp, both as child processes (posix_spawn) into the empty root.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstring>

#include <fmt/core.h>

#include "zones/install.hpp"
#include "zones/spawn.hpp"

namespace zones::install {

namespace fs = std::filesystem;

namespace {

// tar's option for the archive's compression, from its first bytes (the
// name may lie or be missing).
std::string decompress_option(const fs::path& archive) {
    sys::Fd fd(::open(archive.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("cannot open archive {}: {}", archive.string(),
                                    std::strerror(errno)));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode))
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("archive {} is not a regular file", archive.string()));
    std::array<unsigned char, 6> m{};
    const ssize_t n = ::read(fd.get(), m.data(), m.size());
    auto starts = [&](std::initializer_list<unsigned char> magic) {
        if (n < static_cast<ssize_t>(magic.size()))
            return false;
        return std::equal(magic.begin(), magic.end(), m.begin());
    };
    if (starts({0x1f, 0x8b}))
        return "--gzip";
    if (starts({0xfd, '7', 'z', 'X', 'Z', 0x00}))
        return "--xz";
    if (starts({0x28, 0xb5, 0x2f, 0xfd}))
        return "--zstd";
    if (starts({'B', 'Z', 'h'}))
        return "--bzip2";
    return "";
}

void require_empty(const safefs::RootDir& root) {
    if (!safefs::dir_is_empty(root.fd(), root.path()))
        throw ZoneError(ErrorKind::Internal,
                        fmt::format("{}: not empty; nothing was installed", root.path().string()));
}

// The root as the child sees it: its fd 3. tar and cp get that path, so a
// path swapped after our checks cannot redirect them.
constexpr const char* kChildRoot = "/proc/self/fd/3";

}  // namespace

void run_with_dirs(const std::vector<int>& dirs, const std::vector<std::string>& argv,
                   const std::string& what) {
    std::vector<sys::Fd> held;
    SpawnFds fds;
    for (int d : dirs) {
        held.emplace_back(::fcntl(d, F_DUPFD_CLOEXEC, 3));
        if (!held.back())
            throw ZoneError(ErrorKind::Internal, fmt::format("{}: {}", what, std::strerror(errno)));
        fds.extra.push_back(held.back().get());
    }
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0)
        throw ZoneError(ErrorKind::Internal, fmt::format("{}: {}", what, std::strerror(errno)));
    sys::Fd rd(p[0]), wr(p[1]);
    fds.stderr_fd = wr.get();
    Child child = spawn(argv, fds);
    wr.reset();
    std::string err;
    char buf[4096];
    for (ssize_t n; (n = ::read(rd.get(), buf, sizeof buf)) != 0;) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        err.append(buf, static_cast<std::size_t>(n));
        if (err.size() > 8192)
            err.erase(0, err.size() - 4096);   // the end says what went wrong
    }
    const int status = child.wait();
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return;
    while (!err.empty() && err.back() == '\n')
        err.pop_back();
    std::string msg = fmt::format("{}: {} {}", what, fs::path(argv[0]).filename().string(),
                                  describe_wait_status(status));
    if (!err.empty())
        msg += "\n" + err;
    throw ZoneError(ErrorKind::Internal, msg);
}


void unpack_archive(const safefs::RootDir& root, const fs::path& archive) {
    require_empty(root);
    std::vector<std::string> argv = {"/usr/bin/tar", "--extract", "--numeric-owner",
                                     "--preserve-permissions", "--same-owner",
                                     "--directory", kChildRoot, "--file", archive.string()};
    if (const std::string z = decompress_option(archive); !z.empty())
        argv.insert(argv.begin() + 1, z);
    run_with_dirs({root.fd()}, argv, fmt::format("cannot unpack {}", archive.string()));
}

void copy_tree(const safefs::RootDir& root, const fs::path& dir) {
    require_empty(root);
    struct stat st {};
    if (dir.empty() || dir.string()[0] != '/' || ::stat(dir.c_str(), &st) != 0 ||
        !S_ISDIR(st.st_mode))
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("{} is not an absolute path to a directory", dir.string()));
    run_with_dirs({root.fd()},
                {"/usr/bin/cp", "--archive", "--reflink=auto", "--no-target-directory", "--",
                 (dir / ".").string(), std::string(kChildRoot) + "/."},
                fmt::format("cannot copy {}", dir.string()));
}

}  // namespace zones::install
