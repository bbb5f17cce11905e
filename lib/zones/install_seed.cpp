// What a fresh zone root holds: a sparse zone's own /etc, /var, /tmp and
// the mount points of what it inherits; every brand's identity files.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include <fmt/core.h>

#include "zones/file_util.hpp"
#include "zones/install.hpp"

namespace zones::install {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxHostFile = 1024 * 1024;

// The host's file, read as the host sees it (following its symlinks is
// fine: the host is trusted). nullopt unless a regular file.
std::optional<std::string> host_regular_file(const Host& host, const char* rel,
                                             bool follow_links) {
    const fs::path p = host.root / rel;
    struct stat st {};
    if ((follow_links ? ::stat(p.c_str(), &st) : ::lstat(p.c_str(), &st)) != 0 ||
        !S_ISREG(st.st_mode))
        return std::nullopt;
    try {
        return fsutil::read_file(p, kMaxHostFile);
    } catch (const ZoneError&) {
        return std::nullopt;
    }
}

// The host's symlink `rel`, e.g. "bin" -> "usr/bin" on merged /usr.
std::optional<std::string> host_symlink(const Host& host, const char* rel) {
    const fs::path p = host.root / rel;
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode))
        return std::nullopt;
    std::string target(static_cast<std::size_t>(st.st_size) + 1, '\0');
    ssize_t n = ::readlink(p.c_str(), target.data(), target.size());
    if (n <= 0 || static_cast<std::size_t>(n) >= target.size())
        return std::nullopt;
    target.resize(static_cast<std::size_t>(n));
    return target;
}

bool inherits(const ZoneConfig& cfg, std::string_view dir) {
    return std::any_of(cfg.ipds.begin(), cfg.ipds.end(), [&](const InheritPkgDir& i) {
        std::string_view d = i.dir;
        while (d.size() > 1 && d.back() == '/')
            d.remove_suffix(1);
        return d == dir;
    });
}

long days_since_epoch() {
    using namespace std::chrono;
    return duration_cast<hours>(system_clock::now().time_since_epoch()).count() / 24;
}

}  // namespace

std::vector<std::string> seed_sparse(const safefs::RootDir& root, const ZoneConfig& cfg,
                                     const Host& host) {
    // Directories first: the zone's own, then mount points.
    struct Dir {
        const char* path;
        mode_t mode;
    };
    for (const Dir& d : {Dir{"etc", 0755}, Dir{"var", 0755}, Dir{"var/tmp", 01777},
                         Dir{"var/log", 0755}, Dir{"var/lib", 0755}, Dir{"var/cache", 0755},
                         Dir{"tmp", 01777}, Dir{"root", 0700}, Dir{"home", 0755},
                         Dir{"run", 0755}, Dir{"proc", 0555}, Dir{"sys", 0555},
                         Dir{"dev", 0755}, Dir{"mnt", 0755}, Dir{"opt", 0755},
                         Dir{"srv", 0755}})
        root.make_dir(d.path, d.mode);
    for (const InheritPkgDir& ipd : cfg.ipds) {
        // Mount points for /usr, /lib ... (nested ones need their parents).
        std::string sofar;
        for (std::size_t i = 0; i <= ipd.dir.size(); ++i) {
            if ((i == ipd.dir.size() || ipd.dir[i] == '/') && !sofar.empty() && sofar != "/") {
                root.make_dir(sofar, 0755);
            }
            if (i < ipd.dir.size())
                sofar += ipd.dir[i];
        }
    }
    // Mirror the host's merged-/usr symlinks (/bin -> usr/bin ...) where
    // the directory is not inherited on its own.
    for (const char* link : {"bin", "sbin", "lib", "lib32", "lib64", "libx32"}) {
        if (inherits(cfg, std::string("/") + link))
            continue;
        if (auto target = host_symlink(host, link))
            root.make_symlink(*target, link);
    }

    const std::string& name = cfg.name;
    std::vector<std::string> warnings;
    // The host's package configuration first; what follows is the zone's own.
    copy_package_etc(root, host);
    // The host's system accounts (sshd, www-data, messagebus ... that the
    // packages' services run as); '*': no password login, root's included,
    // until the zone's admin sets one.
    const Accounts accounts =
        system_accounts(host_regular_file(host, "etc/passwd", false).value_or(""),
                        host_regular_file(host, "etc/group", false).value_or(""), days_since_epoch());
    root.write_file("etc/passwd", accounts.passwd, 0644);
    root.write_file("etc/group", accounts.group, 0644);
    root.write_file("etc/shadow", accounts.shadow, 0600);
    root.write_file("etc/gshadow", accounts.gshadow, 0600);
    // zinit's: the scripts it runs, and its console login with illumos'
    // prompt (agetty --nohostname: "web console login: ").
    root.make_dir("etc/rc.d", 0755);
    root.make_dir("etc/zinit", 0755);
    root.write_file("etc/zinit/console.issue", "\\n console ", 0644);
    struct stat getty {};
    if (::stat((host.root / "usr/sbin/agetty").c_str(), &getty) == 0 || ::stat((host.root / "sbin/agetty").c_str(), &getty) == 0)
        root.write_file("etc/zinit/console",
                        "/sbin/agetty --noclear --nohostname --issue-file /etc/zinit/console.issue console vt220\n",
                        0644);
    root.write_file("etc/hosts",
                    fmt::format("127.0.0.1\tlocalhost\n127.0.1.1\t{}\n"
                                "::1\t\tlocalhost ip6-localhost ip6-loopback\n",
                                name),
                    0644);
    root.write_file("etc/resolv.conf",
                    host_regular_file(host, "etc/resolv.conf", false).value_or(""), 0644);
    root.write_file("etc/nsswitch.conf",
                    "passwd:         files\n"
                    "group:          files\n"
                    "shadow:         files\n"
                    "gshadow:        files\n"
                    "hosts:          files dns\n"
                    "networks:       files\n"
                    "protocols:      files\n"
                    "services:       files\n"
                    "ethers:         files\n"
                    "rpc:            files\n",
                    0644);
    root.write_file("etc/fstab", "# the zone's file systems are set up by zoneadmd\n", 0644);
    // /usr is the host's: point at its os-release as Debian does.
    struct stat st {};
    if (inherits(cfg, "/usr") && ::stat((host.root / "usr/lib/os-release").c_str(), &st) == 0)
        root.make_symlink("../usr/lib/os-release", "etc/os-release");
    else if (auto text = host_regular_file(host, "etc/os-release", true))
        root.write_file("etc/os-release", *text, 0644);
    root.make_symlink("../proc/self/mounts", "etc/mtab");
    // Last: the host keys need the seeded /etc/ssh.
    if (std::string w = seed_identity(root, cfg); !w.empty())
        warnings.push_back(w);
    return warnings;
}

}  // namespace zones::install
