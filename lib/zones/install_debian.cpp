// The debian brand's own install: a Debian 12 root built by mmdebstrap
// from the global zone's apt sources (only the entries of its own release;
// nothing else is fetched), in unshare mode: every maintainer script runs
// as zone root of a user namespace whose ids are the zone's own range
// (idmap), in a mount namespace of its own, so nothing it does reaches the
// host as root, and its mounts vanish with it. mmdebstrap then extracts
// the finished tree into ZONEPATH/root with the zone's ids 0-65535 (zoneadmd
// shifts them into the range at ready, as for `install -a`).
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <map>
#include <sstream>
#include <algorithm>

#include <fmt/core.h>

#include "zones/idmap.hpp"
#include "zones/install.hpp"
#include "zones/spawn.hpp"
#include "sys/fd.hpp"

namespace zones::install {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> words(std::string_view s) {
    std::vector<std::string> out;
    std::istringstream in{std::string(s)};
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

bool of_release(const std::string& suite, const std::string& codename) {
    return suite == codename || suite.rfind(codename + "-", 0) == 0;
}

// One-line format: "deb [opts] URI SUITE COMPONENT...".
void parse_list(const std::string& text, const std::string& codename, std::vector<std::string>& out) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (auto h = line.find('#'); h != std::string::npos) line.erase(h);
        std::vector<std::string> w = words(line);
        if (w.empty() || w[0] != "deb") continue;
        std::size_t i = 1;
        std::string opts;
        if (i < w.size() && w[i].front() == '[') {
            for (; i < w.size(); ++i) {
                opts += (opts.empty() ? "" : " ") + w[i];
                if (w[i].back() == ']') { ++i; break; }
            }
        }
        if (i + 2 > w.size() || !of_release(w[i + 1], codename)) continue;
        std::string entry = "deb";
        if (!opts.empty()) entry += " " + opts;
        for (std::size_t j = i; j < w.size(); ++j) entry += " " + w[j];
        out.push_back(entry);
    }
}

// deb822 (.sources): stanzas of "Key: value" lines.
void parse_sources(const std::string& text, const std::string& codename, std::vector<std::string>& out) {
    std::map<std::string, std::string> st;
    auto flush = [&] {
        const std::vector<std::string> types = words(st["types"]);
        const bool deb = std::find(types.begin(), types.end(), "deb") != types.end();
        if (deb && lower(st["enabled"]) != "no") {
            const std::vector<std::string> uris = words(st["uris"]);
            const std::string signed_by = st["signed-by"];
            for (const std::string& suite : words(st["suites"]))
                if (of_release(suite, codename))
                    for (const std::string& uri : uris)
                        out.push_back(fmt::format("deb{} {} {} {}",
                                                  signed_by.empty() || signed_by.find('\n') != std::string::npos
                                                      ? "" : " [signed-by=" + signed_by + "]",
                                                  uri, suite, st["components"]));
        }
        st.clear();
    };
    std::istringstream in(text);
    std::string key;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line[0] == '#') continue;
        if (line.find_first_not_of(" \t\r") == std::string::npos) { flush(); continue; }
        if (line[0] == ' ' || line[0] == '\t') {   // continuation (an inline key)
            if (!key.empty()) st[key] += "\n" + line;
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string::npos) continue;
        key = lower(line.substr(0, colon));
        std::string v = line.substr(colon + 1);
        v.erase(0, v.find_first_not_of(" \t"));
        while (!v.empty() && (v.back() == ' ' || v.back() == '\r')) v.pop_back();
        st[key] = v;
    }
    flush();
}

std::string read_small(const fs::path& p) {
    try {
        auto t = fsutil::read_file(p, 16 << 20);
        return t ? *t : std::string();
    } catch (const ZoneError&) {
        return {};
    }
}

// What the log says went wrong, as one line (the causes users hit).
std::string log_cause(const std::string& log) {
    static const std::pair<const char*, const char*> kCauses[] = {
        {"Temporary failure resolving", "no network: cannot resolve the apt mirror"},
        {"Could not resolve", "no network: cannot resolve the apt mirror"},
        {"Network is unreachable", "no network: the apt mirror is unreachable"},
        {"Could not connect", "no network: cannot connect to the apt mirror"},
        {"Connection failed", "no network: cannot connect to the apt mirror"},
        {"Operation not permitted", "no network: connecting to the apt mirror is not permitted"},
        {"Unable to locate package", "a package is not in the host's apt sources"},
        {"NO_PUBKEY", "the host's apt sources are signed by a key that is not available"},
        {"No space left on device", "no space left on the zonepath's file system"},
    };
    for (const auto& [needle, cause] : kCauses)
        if (log.find(needle) != std::string::npos) return cause;
    return {};
}

std::string utc_stamp() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char b[32];
    std::strftime(b, sizeof b, "%Y%m%dT%H%M%SZ", &tm);
    return b;
}

}  // namespace

std::string host_codename(const Host& host) {
    std::istringstream in(read_small(host.root / "etc/os-release"));
    for (std::string line; std::getline(in, line);)
        if (line.rfind("VERSION_CODENAME=", 0) == 0) {
            std::string v = line.substr(17);
            if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
            return v;
        }
    return {};
}

std::vector<std::string> host_apt_entries(const Host& host, const std::string& codename) {
    std::vector<std::string> out;
    const fs::path apt = host.root / "etc/apt";
    parse_list(read_small(apt / "sources.list"), codename, out);
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(apt / "sources.list.d", ec)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
        if (f.extension() == ".list") parse_list(read_small(f), codename, out);
        else if (f.extension() == ".sources") parse_sources(read_small(f), codename, out);
    }
    return out;
}

void bootstrap_debian(const safefs::RootDir& root, const ZoneConfig& cfg, const Host& host) {
    if (::access(host.mmdebstrap.c_str(), X_OK) != 0)
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("install: {} is not installed (apt-get install mmdebstrap uidmap)",
                                    host.mmdebstrap.string()));
    if (::access((host.root / "usr/bin/newuidmap").c_str(), X_OK) != 0)
        throw ZoneError(ErrorKind::Invalid, "install: newuidmap is not installed (apt-get install uidmap)");
    if (const std::string c = host_codename(host); c != kDebianCodename)
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("install: the global zone is not Debian 12 ({}): its apt sources cannot "
                                    "build a Debian 12 root; use install -a ARCHIVE",
                                    c.empty() ? "no VERSION_CODENAME in /etc/os-release" : c));
    const std::vector<std::string> mirrors = host_apt_entries(host, std::string(kDebianCodename));
    if (mirrors.empty())
        throw ZoneError(ErrorKind::Invalid,
                        fmt::format("install: the host's apt sources have no {} entry", kDebianCodename));

    // The zone's own id range: mmdebstrap's user namespace maps onto it, so
    // nothing of the bootstrap runs as an id another zone or the host uses.
    const std::uint32_t base = idmap::allocate(host.zones_dir, cfg.name);
    const fs::path zonepath(cfg.zonepath);
    const std::string subid = fmt::format("root:{}:65536\n", base);
    const fs::path subuid = zonepath / ".install-subuid", subgid = zonepath / ".install-subgid";
    fsutil::write_file_atomic(zonepath, subuid.filename(), subid);
    fsutil::write_file_atomic(zonepath, subgid.filename(), subid);
    struct Cleanup {
        std::vector<fs::path> files;
        ~Cleanup() { for (const auto& f : files) ::unlink(f.c_str()); }
    } cleanup{{subuid, subgid}};

    fs::create_directories(host.log_dir);
    const fs::path log = host.log_dir / fmt::format("zoneadm.{}.{}.install", utc_stamp(), cfg.name);
    sys::Fd logfd(::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (!logfd) fsutil::throw_errno(log, errno);
    const std::string head = fmt::format("zone {}: mmdebstrap {} into {} from:\n", cfg.name, kDebianCodename,
                                         root.path().string());
    [[maybe_unused]] ssize_t w = ::write(logfd.get(), head.data(), head.size());
    for (const std::string& m : mirrors) w = ::write(logfd.get(), ("  " + m + "\n").data(), m.size() + 3);

    std::vector<std::string> args = {host.mmdebstrap.string(), "--mode=unshare", "--variant=apt",
                                     "--include=" + std::string(kDebianPackages),
                                     // Identity is the zone's (seed_identity).
                                     "--customize-hook=rm -f \"$1/etc/machine-id\" \"$1/etc/hostname\"",
                                     std::string(kDebianCodename), root.path().string()};
    args.insert(args.end(), mirrors.begin(), mirrors.end());
    std::vector<std::string> env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                                    "TMPDIR=" + zonepath.string(), "LC_ALL=C.UTF-8", "HOME=/root",
                                    "DEBIAN_FRONTEND=noninteractive"};
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    const std::string sub_u = subuid.string(), sub_g = subgid.string();

    int go[2];
    if (::pipe2(go, O_CLOEXEC) != 0) fsutil::throw_errno("pipe", errno);
    sys::Fd go_r(go[0]), go_w(go[1]);
    sys::Fd devnull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    // fork, not posix_spawn: the child needs its own mount namespace before
    // exec. zonesd has threads, so the child makes system calls only.
    const pid_t pid = ::fork();
    if (pid < 0) fsutil::throw_errno("fork", errno);
    if (pid == 0) {
        char b;
        if (::read(go_r.get(), &b, 1) != 1) ::_exit(126);
        // The zone's range as root's subordinate ids, for this namespace's
        // eyes only (mmdebstrap and newuidmap read /etc/subuid).
        if (::unshare(CLONE_NEWNS) < 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) < 0 ||
            ::mount(sub_u.c_str(), "/etc/subuid", nullptr, MS_BIND, nullptr) < 0 ||
            ::mount(sub_g.c_str(), "/etc/subgid", nullptr, MS_BIND, nullptr) < 0) {
            static const char msg[] = "zoneadm: cannot give mmdebstrap the zone's id range (/etc/subuid)\n";
            [[maybe_unused]] ssize_t n = ::write(logfd.get(), msg, sizeof msg - 1);
            ::_exit(125);
        }
        if (::dup2(devnull.get(), 0) < 0 || ::dup2(logfd.get(), 1) < 0 || ::dup2(logfd.get(), 2) < 0) ::_exit(124);
        ::syscall(SYS_close_range, 3U, ~0U, 0U);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    Child child(pid);
    go_r.reset();
    if (host.adopt_child) host.adopt_child(pid);   // e.g. into a unit that may use the network
    if (::write(go_w.get(), "g", 1) != 1) fsutil::throw_errno("install child", errno);
    go_w.reset();
    const int status = child.wait();
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
    std::string text = read_small(log);
    std::string cause = log_cause(text);
    if (cause.empty()) cause = fmt::format("mmdebstrap {}", describe_wait_status(status));
    throw ZoneError(ErrorKind::Internal, fmt::format("install: {} (log: {})", cause, log.string()));
}

}  // namespace zones::install
