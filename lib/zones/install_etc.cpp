// A sparse zone's /etc seeded like a Solaris 10 sparse root's: the host's
// package configuration (what installed Debian packages own under /etc),
// without the host's identity and secrets, and the host's system
// accounts. README.md ("The sparse zone's /etc") says exactly what.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "zones/file_util.hpp"
#include "zones/install.hpp"

namespace zones::install {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxList = 64 * 1024 * 1024;   // dpkg's biggest .list files are a few MiB
constexpr std::size_t kMaxEtcFile = 16 * 1024 * 1024;

// Identity, secrets, and what the zone gets of its own: never copied
// (the path itself and everything below it).
constexpr std::string_view kNever[] = {
    // the host's identity
    "etc/hostname", "etc/mailname", "etc/machine-id", "etc/machine-info", "etc/hostid", "etc/adjtime",
    // written for the zone by install
    "etc/hosts", "etc/resolv.conf", "etc/nsswitch.conf", "etc/fstab", "etc/mtab", "etc/os-release",
    "etc/passwd", "etc/passwd-", "etc/group", "etc/group-", "etc/shadow", "etc/shadow-", "etc/gshadow",
    "etc/gshadow-", "etc/subuid", "etc/subuid-", "etc/subgid", "etc/subgid-", "etc/zinit",
    // the host's storage, network and firewall
    "etc/crypttab", "etc/zones", "etc/network/interfaces", "etc/network/interfaces.d", "etc/netplan",
    "etc/NetworkManager/system-connections", "etc/systemd/network", "etc/wpa_supplicant", "etc/nftables.conf",
    "etc/iptables",
    // secrets
    "etc/ssl/private", "etc/ssl/certs/ssl-cert-snakeoil.pem", "etc/security/opasswd",
};

// `rel` is `entry` or below it.
bool under(std::string_view rel, std::string_view entry) {
    return rel == entry || (rel.size() > entry.size() && rel.starts_with(entry) && rel[entry.size()] == '/');
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> out;
    std::istringstream in{std::string(text)};
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

std::optional<std::string> host_text(const fs::path& p) {
    try {
        return fsutil::read_file(p, kMaxList);
    } catch (const ZoneError&) {
        return std::nullopt;
    }
}

// Names in a host directory (empty when it cannot be read).
std::vector<std::string> host_names(const fs::path& dir) {
    std::vector<std::string> out;
    if (DIR* d = ::opendir(dir.c_str())) {
        while (dirent* e = ::readdir(d)) {
            std::string_view n = e->d_name;
            if (n != "." && n != "..") out.emplace_back(n);
        }
        ::closedir(d);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// "/etc/x" -> "etc/x"; nullopt for what is not below /etc.
std::optional<std::string> etc_rel(std::string_view path) {
    while (!path.empty() && (path.back() == ' ' || path.back() == '\t' || path.back() == '\r')) path.remove_suffix(1);
    if (!path.starts_with("/etc/") || path.find("/../") != std::string_view::npos || path.ends_with("/.."))
        return std::nullopt;
    std::string rel(path.substr(1));
    while (rel.ends_with('/')) rel.pop_back();
    return rel;
}

void set_owner(const safefs::RootDir& root, const std::string& rel, const struct stat& st) {
    // Host ids only: the zone's id shift moves them into its range.
    if (st.st_uid >= 65536 || st.st_gid >= 65536 || (st.st_uid == 0 && st.st_gid == 0)) return;
    const fs::path p(rel);
    sys::Fd parent = root.open_dir(p.parent_path().string());
    if (::fchownat(parent.get(), p.filename().c_str(), st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0)
        fsutil::throw_errno(root.path() / rel, errno);
}

}  // namespace

bool etc_never_copied(std::string_view rel) {
    for (std::string_view n : kNever)
        if (under(rel, n)) return true;
    // the host's ssh host keys
    return rel.starts_with("etc/ssh/ssh_host_");
}

std::vector<std::string> package_etc_paths(const Host& host) {
    std::set<std::string> paths;
    auto add = [&](std::string_view path) {
        if (auto rel = etc_rel(path); rel && !etc_never_copied(*rel)) paths.insert(*rel);
    };
    // Every file, directory and link dpkg installed under /etc (the
    // conffiles among them), and the conffiles it lists apart.
    const fs::path info = host.root / "var/lib/dpkg/info";
    for (const std::string& name : host_names(info)) {
        const bool list = name.ends_with(".list"), conffiles = name.ends_with(".conffiles");
        if (!list && !conffiles) continue;
        if (auto text = host_text(info / name))
            for (const std::string& line : lines_of(*text)) {
                // conffiles lines may carry a flag first ("remove-on-upgrade /etc/x").
                const auto slash = line.find('/');
                if (slash == std::string::npos) continue;
                if (conffiles && line.rfind("remove-on-upgrade", 0) == 0) continue;
                add(std::string_view(line).substr(slash));
            }
    }
    // Configuration files packages made in their maintainer scripts and
    // registered with ucf (sshd_config among them).
    if (auto text = host_text(host.root / "var/lib/ucf/registry"))
        for (const std::string& line : lines_of(*text))
            if (auto slash = line.find('/'); slash != std::string::npos) add(std::string_view(line).substr(slash));
    // What dpkg's and Debian's tools make for packages: update-alternatives'
    // links, pam-auth-update's common-* files, update-ca-certificates'
    // certificate store.
    for (const std::string& n : host_names(host.root / "etc/alternatives")) add("/etc/alternatives/" + n);
    for (const std::string& n : host_names(host.root / "etc/pam.d"))
        if (n.starts_with("common-")) add("/etc/pam.d/" + n);
    for (const std::string& n : host_names(host.root / "etc/ssl/certs")) add("/etc/ssl/certs/" + n);
    // Every parent of what is copied (dpkg lists them, ucf does not).
    std::set<std::string> parents;
    for (const std::string& p : paths)
        for (fs::path d = fs::path(p).parent_path(); d != "etc" && !d.empty(); d = d.parent_path())
            parents.insert(d.string());
    for (const std::string& p : parents)
        if (!etc_never_copied(p)) paths.insert(p);
    std::vector<std::string> out(paths.begin(), paths.end());
    // Parents first: "etc/a" sorts before "etc/a/b", and before any
    // "etc/a-b" only matters when a/ is there.
    std::sort(out.begin(), out.end());
    return out;
}

void copy_package_etc(const safefs::RootDir& root, const Host& host) {
    for (const std::string& rel : package_etc_paths(host)) {
        const fs::path src = host.root / rel;
        struct stat st {};
        if (::lstat(src.c_str(), &st) != 0) continue;   // listed, but not there (anymore)
        // A parent left out (not a directory on the host): skip what is below.
        if (const fs::path parent = fs::path(rel).parent_path(); parent != "etc") {
            auto pst = root.lstat(parent.string());
            if (!pst || !S_ISDIR(pst->st_mode)) continue;
        }
        if (S_ISDIR(st.st_mode)) {
            root.make_dir(rel, st.st_mode & 07777);
        } else if (S_ISLNK(st.st_mode)) {
            std::string target(static_cast<std::size_t>(st.st_size) + 1, '\0');
            const ssize_t n = ::readlink(src.c_str(), target.data(), target.size());
            if (n <= 0 || static_cast<std::size_t>(n) >= target.size()) continue;
            target.resize(static_cast<std::size_t>(n));
            root.make_symlink(target, rel);
        } else if (S_ISREG(st.st_mode)) {
            // What the host keeps from its users is a secret (sudoers,
            // ppp's chap-secrets, keys): the zone does not get it.
            if (!(st.st_mode & S_IROTH) || st.st_size > static_cast<off_t>(kMaxEtcFile)) continue;
            std::optional<std::string> data;
            try {
                data = fsutil::read_file(src, kMaxEtcFile);
            } catch (const ZoneError&) {
                continue;   // it changed under us: the zone does without it
            }
            if (!data) continue;
            root.write_file(rel, *data, st.st_mode & 07777);
        } else {
            continue;   // no sockets, fifos or device nodes from /etc
        }
        set_owner(root, rel, st);
    }
}

Accounts system_accounts(std::string_view host_passwd, std::string_view host_group, long days) {
    auto system_id = [](std::string_view field) {
        if (field.empty() || field.size() > 10 || field.find_first_not_of("0123456789") != std::string_view::npos)
            return false;
        const unsigned long id = std::stoul(std::string(field));
        return id < 1000 || id == 65534;   // Debian's system ranges and nobody
    };
    auto fields = [](const std::string& line) {
        std::vector<std::string> f;
        std::size_t i = 0;
        for (;;) {
            const auto c = line.find(':', i);
            f.push_back(line.substr(i, c == std::string::npos ? std::string::npos : c - i));
            if (c == std::string::npos) break;
            i = c + 1;
        }
        return f;
    };
    Accounts a;
    std::set<std::string> users;
    for (const std::string& line : lines_of(host_passwd)) {
        const auto f = fields(line);
        if (f.size() != 7 || f[0].empty() || !system_id(f[2]) || !system_id(f[3])) continue;
        if (f[0] == "root" || !users.insert(f[0]).second) continue;
        a.passwd += fmt::format("{}:x:{}:{}:{}:{}:{}\n", f[0], f[2], f[3], f[4], f[5], f[6]);
        // Locked: no password of the host is ever copied.
        a.shadow += fmt::format("{}:*:{}:0:99999:7:::\n", f[0], days);
    }
    // The zone's root is its own (the shell zlogin runs as root: sh).
    a.passwd = "root:x:0:0:root:/root:/bin/sh\n" + a.passwd;
    a.shadow = fmt::format("root:*:{}:0:99999:7:::\n", days) + a.shadow;
    users.insert("root");
    std::set<std::string> groups;
    for (const std::string& line : lines_of(host_group)) {
        const auto f = fields(line);
        if (f.size() != 4 || f[0].empty() || !system_id(f[2])) continue;
        if (!groups.insert(f[0]).second) continue;
        // Members that are people of the host are not the zone's.
        std::string members;
        std::istringstream in(f[3]);
        for (std::string m; std::getline(in, m, ',');)
            if (users.count(m)) members += (members.empty() ? "" : ",") + m;
        a.group += fmt::format("{}:x:{}:{}\n", f[0], f[2], members);
        a.gshadow += fmt::format("{}:*::{}\n", f[0], members);
    }
    if (!groups.count("root")) {
        a.group = "root:x:0:\n" + a.group;
        a.gshadow = "root:*::\n" + a.gshadow;
    }
    return a;
}

}  // namespace zones::install
