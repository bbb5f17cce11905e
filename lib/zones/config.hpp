// The zone configuration model: one struct per element of the illumos zone
// DTD (zonecfg.dtd.1), so the XML store, zonecfg and the daemon share one
// shape. capped-memory and capped-cpu are not stored on their own, exactly as
// in illumos: physical is `mcap_physical`, swap/locked/ncpus are the rctls
// zone.max-swap, zone.max-locked-memory and zone.cpu-cap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zones {

// Numeric order matters: illumos compares states with < and >.
// Unavailable is Oracle Solaris 11's (zoneadm mark unavailable): installed
// but not fit to boot until attach checks it again; it sits between
// incomplete and installed, as in Solaris 11, so every "must be installed"
// rule refuses it.
enum class ZoneState {
    Configured = 0,
    Incomplete,
    Unavailable,
    Installed,
    Ready,
    Running,
    ShuttingDown,
    Down,
    Mounted,
};

std::string_view state_name(ZoneState s);               // "configured", "shutting_down", ...
std::optional<ZoneState> parse_state(std::string_view s);
// A zone root is there: installed or above, or unavailable.
inline bool has_root(ZoneState s) { return s == ZoneState::Unavailable || s >= ZoneState::Installed; }

// Kinds of failure; the D-Bus error name is derived from the kind
// (org.zones.Error.<Kind>) and the text is the user-facing line.
enum class ErrorKind {
    NoSuchZone,     // "NAME: No such zone configured"
    InvalidState,   // transition not allowed in this state
    Invalid,        // bad value / bad argument
    VerifyFailed,   // configuration does not verify
    Damaged,        // a store file cannot be parsed
    AccessDenied,
    Busy,
    Internal,
};

std::string_view error_kind_name(ErrorKind k);         // "NoSuchZone", ...
std::optional<ErrorKind> parse_error_kind(std::string_view name);

// Every user-facing failure is one of these: `what()` is the complete line.
class ZoneError : public std::runtime_error {
public:
    ZoneError(ErrorKind kind, const std::string& message)
        : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const noexcept { return kind_; }

private:
    ErrorKind kind_;
};

struct Fs {                       // <filesystem special raw directory type>
    std::string dir, special, raw, type;
    std::vector<std::string> options;   // <fsoption name=>
    bool operator==(const Fs&) const = default;
};

struct InheritPkgDir {            // <inherited-pkg-dir directory>
    std::string dir;
    bool operator==(const InheritPkgDir&) const = default;
};

struct Net {                      // <network address allowed-address defrouter physical linkname>
    std::string address, allowed_address, physical, defrouter;
    // The interface's name in the zone (Solaris 11 anet's linkname); empty:
    // net0, net1, ... in resource order.
    std::string linkname = {};
    bool operator==(const Net&) const = default;
};

struct Device {                   // <device match>
    std::string match;
    bool operator==(const Device&) const = default;
};

struct RctlValue {                // <rctl-value priv limit action>
    std::string priv, limit, action;
    bool operator==(const RctlValue&) const = default;
};

struct Rctl {                     // <rctl name>
    std::string name;
    std::vector<RctlValue> values;
    bool operator==(const Rctl&) const = default;
};

struct Attr {                     // <attr name type value>
    std::string name, type, value;
    bool operator==(const Attr&) const = default;
};

struct Dataset {                  // <dataset name>
    std::string name;
    bool operator==(const Dataset&) const = default;
};

struct DedicatedCpu {             // <pset ncpu_min ncpu_max> + <tmp_pool importance>
    std::string ncpus;            // "N" or "N-M" as the user wrote it
    std::string importance;
    bool operator==(const DedicatedCpu&) const = default;
};

struct Admin {                    // <admin user auths>
    std::string user, auths;
    bool operator==(const Admin&) const = default;
};

struct SecurityFlags {            // <security-flags default lower upper>
    std::string defaults, lower, upper;
    bool operator==(const SecurityFlags&) const = default;
};

struct ZoneConfig {
    // global properties (<zone> attributes)
    std::string name, zonepath, brand;
    bool autoboot = false;
    std::string bootargs, pool, limitpriv, scheduling_class;
    std::string ip_type = "shared";      // "shared" | "exclusive"
    std::string hostid, fs_allowed;

    // resources, each in the order the user added them
    std::vector<InheritPkgDir> ipds;
    std::vector<Fs> fs;
    std::vector<Net> nets;
    std::vector<Device> devices;
    std::vector<Rctl> rctls;
    std::vector<Attr> attrs;
    std::vector<Dataset> datasets;
    std::optional<DedicatedCpu> dedicated_cpu;
    std::optional<std::uint64_t> mcap_physical;   // capped-memory physical, bytes
    std::vector<Admin> admins;
    std::optional<SecurityFlags> security_flags;

    bool operator==(const ZoneConfig&) const = default;

    const Rctl* find_rctl(std::string_view rctl_name) const;
    Rctl* find_rctl(std::string_view rctl_name);
};

// One line of /etc/zones/index.
struct IndexEntry {
    std::string name;
    ZoneState state = ZoneState::Configured;   // only configured/incomplete/installed
    std::string zonepath;
    std::string uuid;                          // empty while configured
    bool operator==(const IndexEntry&) const = default;
};

// Brands this build can install and boot.
inline constexpr std::string_view kDefaultBrand = "sparse";   // create (SUNWdefault)
inline constexpr std::string_view kWholeRootBrand = "whole";  // create -b (SUNWblank)
inline constexpr std::string_view kDebianBrand = "debian";    // create -t debian: Debian 12 with systemd
bool known_brand(std::string_view brand);

// [A-Za-z0-9][-_.A-Za-z0-9]{0,62} (illumos ZONENAME_REGEXP: at most 63
// characters), not "global", not SUNW*.
bool valid_zone_name(std::string_view name);

// Longest zone name (illumos ZONENAME_MAX - 1).
inline constexpr std::size_t kZoneNameMax = 63;
// The name pattern alone, without the global/SUNW* reservations: what may
// name a file in /etc/zones (templates such as SUNWdefault included).
bool valid_name_syntax(std::string_view name);

// zonecfg_str_to_bytes: a possibly fractional number with an optional K/M/G/T
// suffix (case-insensitive, powers of 1024). nullopt when malformed.
std::optional<std::uint64_t> parse_size(std::string_view text, bool require_suffix);
// The shortest exact form with a suffix, e.g. 52428800 -> "50M", 1536 -> "1536".
std::string format_size(std::uint64_t bytes);

// The global-property rctl aliases of illumos (set max-lwps=N ...).
struct RctlAlias {
    std::string_view property;    // "max-lwps"
    std::string_view rctl;        // "zone.max-lwps"
    std::string_view action;      // "deny" or "none"
    bool size;                    // value takes K/M/G/T suffixes
};
const std::vector<RctlAlias>& rctl_aliases();
const RctlAlias* find_alias_by_property(std::string_view property);
const RctlAlias* find_alias_by_rctl(std::string_view rctl);

// The aliases that live inside resources, kept apart so `set swap=` is not
// taken for a global property: capped-memory swap (zone.max-swap) and
// locked (zone.max-locked-memory), both sizes, and capped-cpu ncpus
// (zone.cpu-cap, stored as ncpus x 100, so not a size). All action deny.
const std::vector<RctlAlias>& resource_rctl_aliases();
const RctlAlias* find_resource_alias_by_property(std::string_view property);
const RctlAlias* find_resource_alias_by_rctl(std::string_view rctl);

// illumos zonecfg_valid_rctlname: "zone." followed by letters and '-'.
bool valid_rctl_name(std::string_view name);

}  // namespace zones
