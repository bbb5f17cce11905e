// Installing and uninstalling a zone's root file system (zoneadm install,
// uninstall, verify; illumos-reference §1.2, §4.2, §4.5). File work only:
// the state changes in the index are the caller's (zonesd), which calls
// these in this order: checks, set incomplete, install_root, set installed.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "zones/config.hpp"
#include "zones/safe_fs.hpp"

namespace zones::install {

// Where install reads the host's files from (resolv.conf, os-release, the
// merged-/usr symlinks). Tests point it at a scratch "host".
struct Host {
    std::filesystem::path root = "/";
    // The debian brand's bootstrap (install_debian.cpp): the store's zone
    // directory (the zone's id range), where the install log goes, the
    // tool, and a hook that gets the bootstrap's pid before it runs
    // (zonesd moves it out of its own unit, which may not use IP).
    std::filesystem::path zones_dir = "/etc/zones";
    std::filesystem::path log_dir = "/var/log/zones";
    std::filesystem::path mmdebstrap = "/usr/bin/mmdebstrap";
    std::function<void(pid_t)> adopt_child{};
};

// The debian brand builds this release with at least these packages.
inline constexpr std::string_view kDebianCodename = "bookworm";
inline constexpr std::string_view kDebianPackages = "systemd-sysv,dbus,iproute2,openssh-server";

// The brand arguments of `zoneadm install`.
struct Options {
    std::string archive;     // -a FILE (whole): tar, .gz, .bz2, .xz, .zst
    std::string directory;   // -d DIR (whole): a tree to copy
};

// The brand-specific usage line for `install` (for errors and zoneadm).
std::string install_usage(std::string_view brand);

// -a FILE, -d DIR, -x nodataset (accepted, there are no datasets).
// Throws ZoneError(Invalid, "...") for anything the brand does not take.
Options parse_install_args(const ZoneConfig& cfg, const std::vector<std::string>& args);

// Another zone: installed ones for the overlap check, all for verify_net.
struct OtherZone {
    std::string name;
    std::string zonepath;
    std::string ip_type{};       // for the net address collision check (verify_net)
    std::vector<Net> nets{};
    bool installed = true;       // false: only configured (not for the zonepath checks)
};

// Boot: the verify before a ready or boot, whose warnings nobody sees: the
// other zones' zonepaths are compared with this one (overlap), not stat'ed,
// so that a boot costs the same beside one zone or five hundred.
enum class Purpose { Verify, Install, Boot };

// What a check found: errors (each one line as zoneadm prints it after
// "zone 'NAME': ", or a "PATH: ..." line) and warnings (complete lines
// starting "WARNING: ", possibly several lines in one string).
struct Report {
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
    bool ok() const { return errors.empty(); }
};

// illumos validate_zonepath. A missing zonepath is a warning for Verify
// and fine for Install (install creates it).
Report check_zonepath(const ZoneConfig& cfg, ZoneState state, Purpose purpose,
                      const std::vector<OtherZone>& others);

// zoneadm verify: the configuration rules, the brand, fs types allowed,
// then check_zonepath.
Report verify_zone(const ZoneConfig& cfg, ZoneState state, Purpose purpose,
                   const std::vector<OtherZone>& others);

// Create ZONEPATH (parents 0755, itself 0700, root-owned) and ZONEPATH/root
// (0755), which must not hold anything yet, then fill it for the brand.
// Throws ZoneError with the reason; what was made stays (the zone is then
// incomplete and uninstall removes it). Returns warning lines.
std::vector<std::string> install_root(const ZoneConfig& cfg, const Options& options,
                                      const Host& host = {});

// Remove ZONEPATH/root (and ZONEPATH/dev) without following any symlink
// and without leaving the file system of the zonepath. A missing zonepath
// or root is fine. The zonepath directory itself stays (illumos does too).
void uninstall_root(const ZoneConfig& cfg);

// Seeding, also used on its own by tests.
// The zone's own /etc, /var, /tmp ... for a sparse zone (fresh machine-id).
// Returns warning lines.
std::vector<std::string> seed_sparse(const safefs::RootDir& root, const ZoneConfig& cfg,
                                     const Host& host);
// The sparse zone's /etc (install_etc.cpp; README "The sparse zone's
// /etc"): the paths ("etc/ssh/sshd_config"), sorted, parents first, of
// the host's package configuration: what dpkg installed under /etc
// (*.list, *.conffiles), what packages registered with ucf, the links of
// update-alternatives, pam-auth-update's common-* files and the
// certificate store, less what etc_never_copied names.
std::vector<std::string> package_etc_paths(const Host& host);
// The host's identity, secrets, and the zone's own files: never copied.
bool etc_never_copied(std::string_view rel);
// Copies package_etc_paths into the zone: directories, symlinks, and the
// regular files everyone may read on the host (others are secrets),
// with the host's modes and owners.
void copy_package_etc(const safefs::RootDir& root, const Host& host);
// The host's system accounts (uid and gid below 1000, and nobody) for the
// zone's passwd and group (group members that are not among them are
// dropped), with locked shadow and gshadow entries; root is always the
// zone's own "root:x:0:0:root:/root:/bin/sh".
struct Accounts {
    std::string passwd, group, shadow, gshadow;
};
Accounts system_accounts(std::string_view host_passwd, std::string_view host_group, long days);

// The per-zone identity every brand gets: /etc/hostname, /etc/machine-id,
// and fresh ssh host keys when the zone has an sshd configuration
// (identity.cpp). Returns a warning line or "" (renew_ssh_host_keys).
std::string seed_identity(const safefs::RootDir& root, const ZoneConfig& cfg);
// A clone's (or any copied root's) identity made its own: the above, the
// lines of /etc/hosts that name `old_name`, D-Bus's copy of the
// machine-id, and systemd's random seed (removed: never shared).
std::string renew_identity(const safefs::RootDir& root, const ZoneConfig& cfg,
                           const std::string& old_name);
// When ROOT/etc/ssh/sshd_config is there: every ssh_host_* file removed,
// then ed25519 and ECDSA keys made by the host's ssh-keygen in a scratch
// directory inside ZONEPATH (out of the zone's reach) and written into
// the zone. RSA keys are not made (slow; any client of the last decade
// takes ed25519): `ssh-keygen -A` in the zone makes one. Returns a
// warning ("" if none), e.g. when the host has no ssh-keygen.
std::string renew_ssh_host_keys(const safefs::RootDir& root, const ZoneConfig& cfg);
// Unpack an archive / copy a tree into the (empty) root.
void unpack_archive(const safefs::RootDir& root, const std::filesystem::path& archive);
void copy_tree(const safefs::RootDir& root, const std::filesystem::path& dir);

// The debian brand without -a/-d: mmdebstrap from the host's apt sources
// into the empty root, logged to host.log_dir/zoneadm.STAMP.NAME.install.
// Throws ZoneError with one line (no network, mmdebstrap missing, ...).
void bootstrap_debian(const safefs::RootDir& root, const ZoneConfig& cfg, const Host& host);
// VERSION_CODENAME of host.root/etc/os-release ("" if none).
std::string host_codename(const Host& host);
// The host's apt entries (sources.list, *.list, deb822 *.sources) for
// suites of `codename` (codename, codename-updates, codename-security...),
// each as one "deb [signed-by=...] URI SUITE COMPONENTS" line.
std::vector<std::string> host_apt_entries(const Host& host, const std::string& codename);
// Run a tool (tar, cp) with the directories `dirs` as its fds 3, 4, ...
// (named /proc/self/fd/N in `argv`), so a path swapped after our checks
// cannot redirect it. Throws ZoneError(Internal) starting with `what`,
// with the end of the tool's stderr, unless it exits 0.
void run_with_dirs(const std::vector<int>& dirs, const std::vector<std::string>& argv,
                   const std::string& what);

// A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string new_uuid();
// 32 lowercase hex digits (systemd machine-id(5)).
std::string new_machine_id();

}  // namespace zones::install
