// What makes a zone root a machine of its own: its name, machine-id and
// ssh host keys, given at install and given anew to a clone.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "zones/install.hpp"
#include "zones/spawn.hpp"

namespace zones::install {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSshKeygen = "/usr/bin/ssh-keygen";
constexpr std::size_t kMaxKey = 64 * 1024;

// A private directory in ZONEPATH (root-owned, 0700, outside the zone
// root), removed with what is in it.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& zonepath) {
        std::string tmpl = zonepath + "/.zones-keys.XXXXXX";
        if (::mkdtemp(tmpl.data()) == nullptr)
            throw ZoneError(ErrorKind::Internal, fmt::format("{}: {}", tmpl, std::strerror(errno)));
        path_ = tmpl;
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

// A regular file at `rel` (a missing parent directory is no error).
bool is_regular(const safefs::RootDir& root, std::string_view rel) {
    try {
        auto st = root.lstat(rel);
        return st && S_ISREG(st->st_mode);
    } catch (const ZoneError&) {
        return false;
    }
}

// Unlink every entry of the zone's etc/ssh named ssh_host_* (files or
// symlinks alike: unlinkat never follows).
void remove_host_keys(const safefs::RootDir& root) {
    sys::Fd dir = root.open_dir("etc/ssh");
    sys::Fd walk(::dup(dir.get()));
    DIR* d = walk ? ::fdopendir(walk.get()) : nullptr;
    if (d == nullptr) fsutil::throw_errno(root.path() / "etc/ssh", errno);
    walk.release();
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d))
        if (std::string_view(e->d_name).starts_with("ssh_host_")) names.emplace_back(e->d_name);
    ::closedir(d);
    for (const std::string& n : names)
        if (::unlinkat(dir.get(), n.c_str(), 0) != 0 && errno != ENOENT)
            fsutil::throw_errno(root.path() / "etc/ssh" / n, errno);
}

// Lines of /etc/hosts: a host name field equal to `from` becomes `to`.
std::string rename_in_hosts(const std::string& text, const std::string& from, const std::string& to) {
    std::istringstream in(text);
    std::string out, line;
    while (std::getline(in, line)) {
        const auto hash = line.find('#');
        std::istringstream fields(line.substr(0, hash));
        std::vector<std::string> f;
        for (std::string w; fields >> w;) f.push_back(w);
        bool hit = false;
        for (std::size_t i = 1; i < f.size(); ++i)
            if (f[i] == from) {
                f[i] = to;
                hit = true;
            }
        if (hit) {
            line = f[0] + "\t";
            for (std::size_t i = 1; i < f.size(); ++i) line += (i > 1 ? " " : "") + f[i];
        }
        out += line + "\n";
    }
    return out;
}

}  // namespace

std::string renew_ssh_host_keys(const safefs::RootDir& root, const ZoneConfig& cfg) {
    if (!is_regular(root, "etc/ssh/sshd_config")) return {};
    remove_host_keys(root);
    if (::access(kSshKeygen, X_OK) != 0)
        return fmt::format("WARNING: zone '{}': {} is missing: the zone's sshd has no host keys until "
                           "'ssh-keygen -A' runs in the zone",
                           cfg.name, kSshKeygen);
    ScratchDir scratch(cfg.zonepath);
    for (const char* type : {"ed25519", "ecdsa"}) {
        const fs::path key = scratch.path() / fmt::format("ssh_host_{}_key", type);
        auto [status, err] = run_collect_stderr(
            {kSshKeygen, "-q", "-t", type, "-N", "", "-C", "root@" + cfg.name, "-f", key.string()});
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            throw ZoneError(ErrorKind::Internal, fmt::format("ssh-keygen -t {} {}: {}", type,
                                                             describe_wait_status(status), err));
        for (const auto& [file, mode] : {std::pair{key, 0600}, std::pair{fs::path(key.string() + ".pub"), 0644}}) {
            auto data = fsutil::read_file(file, kMaxKey);
            if (!data) fsutil::throw_errno(file, ENOENT);
            root.write_file("etc/ssh/" + file.filename().string(), *data, static_cast<mode_t>(mode));
        }
    }
    return {};
}

std::string seed_identity(const safefs::RootDir& root, const ZoneConfig& cfg) {
    root.make_dir("etc", 0755);
    root.write_file("etc/hostname", cfg.name + "\n", 0644);
    // Every zone is its own machine (journal, D-Bus, systemd inside).
    root.write_file("etc/machine-id", new_machine_id() + "\n", 0444);
    return renew_ssh_host_keys(root, cfg);
}

std::string renew_identity(const safefs::RootDir& root, const ZoneConfig& cfg, const std::string& old_name) {
    root.make_dir("etc", 0755);
    root.write_file("etc/hostname", cfg.name + "\n", 0644);
    const std::string id = new_machine_id();
    root.write_file("etc/machine-id", id + "\n", 0444);
    if (is_regular(root, "var/lib/dbus/machine-id")) root.write_file("var/lib/dbus/machine-id", id + "\n", 0444);
    if (is_regular(root, "etc/hosts"))
        if (auto hosts = root.read_file("etc/hosts", 1 << 20))
            root.write_file("etc/hosts", rename_in_hosts(*hosts, old_name, cfg.name), 0644);
    if (is_regular(root, "var/lib/systemd/random-seed")) {
        sys::Fd dir = root.open_dir("var/lib/systemd");
        if (::unlinkat(dir.get(), "random-seed", 0) != 0 && errno != ENOENT)
            fsutil::throw_errno(root.path() / "var/lib/systemd/random-seed", errno);
    }
    return renew_ssh_host_keys(root, cfg);
}

}  // namespace zones::install
