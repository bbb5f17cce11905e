// illumos privilege names (privileges(7)) accepted in limitpriv, the zone
// default set, and their Linux meaning. README "Security" documents the
// table; keep the two in step.
#include "zones/privileges.hpp"

#include <linux/capability.h>

#include <algorithm>

#include <fmt/format.h>

#include "zones/config.hpp"
#include "zones/syntax.hpp"

namespace zones {

namespace {

constexpr std::string_view kSets[] = {"all", "none", "default", "zone", "basic"};

// D: in the zone default set; O: optional (limitpriv may add it); P: no
// zone may have it. X: default with ip-type exclusive, prohibited with
// shared; R: default with exclusive, optional with shared.
enum Class : char { D, O, P, X, R };

struct Entry {
    std::string_view name;
    Class cls;
    std::vector<int> caps;
};

const std::vector<Entry>& table() {
    static const std::vector<Entry> t = {
        {"contract_event", D, {}}, {"contract_identity", D, {}}, {"contract_observer", D, {}},
        {"cpc_cpu", O, {}},   // CAP_PERFMON is never given
        {"dtrace_kernel", P, {}}, {"dtrace_proc", O, {}}, {"dtrace_user", O, {}},
        {"file_chown", D, {CAP_CHOWN}}, {"file_chown_self", D, {CAP_CHOWN}},
        {"file_dac_execute", D, {CAP_DAC_OVERRIDE}}, {"file_dac_read", D, {CAP_DAC_READ_SEARCH}},
        {"file_dac_search", D, {CAP_DAC_READ_SEARCH}}, {"file_dac_write", D, {CAP_DAC_OVERRIDE}},
        {"file_downgrade_sl", O, {}}, {"file_flag_set", O, {CAP_LINUX_IMMUTABLE}},
        {"file_link_any", D, {}}, {"file_owner", D, {CAP_FOWNER}}, {"file_read", D, {}},
        {"file_setid", D, {CAP_FSETID, CAP_SETFCAP}}, {"file_upgrade_sl", O, {}}, {"file_write", D, {}},
        {"graphics_access", O, {}}, {"graphics_map", O, {}},
        {"hyprlofs_control", P, {}},
        {"ipc_dac_read", D, {CAP_IPC_OWNER}}, {"ipc_dac_write", D, {CAP_IPC_OWNER}}, {"ipc_owner", D, {CAP_IPC_OWNER}},
        {"net_access", D, {}}, {"net_bindmlp", D, {}}, {"net_icmpaccess", D, {CAP_NET_RAW}},
        {"net_mac_aware", D, {}}, {"net_mac_implicit", O, {}}, {"net_observability", D, {CAP_NET_RAW}},
        {"net_privaddr", D, {CAP_NET_BIND_SERVICE}}, {"net_rawaccess", R, {CAP_NET_RAW}},
        {"proc_audit", D, {CAP_AUDIT_WRITE}}, {"proc_chroot", D, {CAP_SYS_CHROOT}},
        {"proc_clock_highres", O, {}}, {"proc_exec", D, {}}, {"proc_fork", D, {}}, {"proc_info", D, {}},
        {"proc_lock_memory", D, {CAP_IPC_LOCK}}, {"proc_owner", D, {CAP_KILL, CAP_SYS_PTRACE}},
        {"proc_priocntl", O, {CAP_SYS_NICE}}, {"proc_prioup", O, {CAP_SYS_NICE}}, {"proc_secflags", D, {}},
        {"proc_session", D, {}}, {"proc_setid", D, {CAP_SETUID, CAP_SETGID, CAP_SETPCAP}},
        {"proc_taskid", D, {}}, {"proc_zone", P, {}},
        {"sys_acct", O, {CAP_SYS_PACCT}}, {"sys_admin", D, {CAP_SYS_BOOT, CAP_SYS_ADMIN}},
        {"sys_audit", D, {CAP_AUDIT_WRITE}}, {"sys_config", P, {}}, {"sys_devices", P, {}},
        {"sys_dl_config", X, {CAP_NET_ADMIN}}, {"sys_flow_config", X, {CAP_NET_ADMIN}},
        {"sys_fs_import", O, {}}, {"sys_ip_config", X, {CAP_NET_ADMIN}}, {"sys_ipc_config", O, {CAP_SYS_RESOURCE}},
        {"sys_iptun_config", X, {CAP_NET_ADMIN}}, {"sys_linkdir", P, {}}, {"sys_mount", D, {CAP_SYS_ADMIN}},
        {"sys_net_config", P, {}}, {"sys_nfs", D, {}}, {"sys_ppp_config", X, {CAP_NET_ADMIN}},
        {"sys_res_bind", O, {CAP_SYS_NICE}}, {"sys_res_config", P, {}}, {"sys_resource", D, {CAP_SYS_RESOURCE}},
        {"sys_share", D, {}}, {"sys_smb", O, {}}, {"sys_suser_compat", P, {}}, {"sys_time", O, {CAP_SYS_TIME}},
        {"sys_trans_label", O, {}},
        {"virt_manage", P, {}},
        {"win_colormap", O, {}}, {"win_config", O, {}}, {"win_dac_read", O, {}}, {"win_dac_write", O, {}},
        {"win_devices", O, {}}, {"win_dga", O, {}}, {"win_downgrade_sl", O, {}}, {"win_fontpath", O, {}},
        {"win_mac_read", O, {}}, {"win_mac_write", O, {}}, {"win_selection", O, {}}, {"win_upgrade_sl", O, {}},
        {"xvm_control", P, {}},
    };
    return t;
}

// privileges(7) "basic": what every process has.
constexpr std::string_view kBasic[] = {"file_link_any", "file_read", "file_write", "net_access", "proc_exec",
                                       "proc_fork", "proc_info", "proc_secflags", "proc_session"};

std::string lower(std::string_view s) {
    std::string r(s);
    for (char& c : r)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return r;
}

const Entry* find(std::string_view name) {
    const std::string n = lower(name);
    for (const Entry& e : table())
        if (e.name == n) return &e;
    return nullptr;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

}  // namespace

bool known_privilege(std::string_view name) {
    const std::string n = lower(name);
    for (auto s : kSets)
        if (n == s) return true;
    return find(n) != nullptr;
}

namespace priv {

const std::vector<std::string_view>& names() {
    static const std::vector<std::string_view> v = [] {
        std::vector<std::string_view> r;
        for (const Entry& e : table()) r.push_back(e.name);
        return r;
    }();
    return v;
}

std::vector<int> capabilities_of(std::string_view privilege) {
    const Entry* e = find(privilege);
    return e ? e->caps : std::vector<int>{};
}

bool prohibited(std::string_view privilege, std::string_view ip_type) {
    const Entry* e = find(privilege);
    return e && (e->cls == P || (e->cls == X && ip_type != "exclusive"));
}

std::set<std::string> default_set(std::string_view ip_type) {
    std::set<std::string> s;
    const bool excl = ip_type == "exclusive";
    for (const Entry& e : table())
        if (e.cls == D || (excl && (e.cls == X || e.cls == R))) s.emplace(e.name);
    return s;
}

const std::vector<int>& never_capabilities() {
    // Host-wide powers no namespace confines: modules, raw I/O and iopl,
    // the kernel log, LSM policy, BPF and perf, audit configuration,
    // suspend blocking, mknod (devices come only from `device` resources).
    static const std::vector<int> v = {CAP_SYS_MODULE, CAP_SYS_RAWIO,  CAP_SYSLOG,          CAP_MAC_ADMIN,
                                       CAP_MAC_OVERRIDE, CAP_BPF,      CAP_PERFMON,         CAP_AUDIT_CONTROL,
                                       CAP_AUDIT_READ, CAP_BLOCK_SUSPEND, CAP_WAKE_ALARM,   CAP_MKNOD,
                                       CAP_LEASE,      CAP_CHECKPOINT_RESTORE, CAP_SYS_TTY_CONFIG};
    return v;
}

std::string expand(const ZoneConfig& cfg, bool userns, Limits& out) {
    out = Limits{};
    std::set<std::string>& s = out.privileges;
    std::string_view rest = cfg.limitpriv;
    std::vector<std::string_view> items;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        if (auto t = trim(rest.substr(0, comma)); !t.empty()) items.push_back(t);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    if (items.empty()) items.push_back("default");
    for (std::string_view item : items) {
        const bool remove = item.front() == '-' || item.front() == '!';
        const std::string name = lower(remove ? item.substr(1) : item);
        std::set<std::string> add;
        if (name == "default") add = default_set(cfg.ip_type);
        else if (name == "zone" || name == "all") {
            for (const Entry& e : table())
                if (!prohibited(e.name, cfg.ip_type)) add.emplace(e.name);
        } else if (name == "basic") add.insert(std::begin(kBasic), std::end(kBasic));
        else if (name == "none") {}
        else if (!find(name)) return fmt::format("invalid privilege: {}", item);
        else if (prohibited(name, cfg.ip_type) && !remove)
            return fmt::format("privilege \"{}\" is not permitted within the zone's privilege set", name);
        else add.insert(name);
        for (const auto& p : add)
            if (remove) s.erase(p);
            else s.insert(p);
    }
    for (const auto& p : s)
        for (int c : capabilities_of(p)) out.caps |= std::uint64_t{1} << c;
    for (int c : never_capabilities()) out.caps &= ~(std::uint64_t{1} << c);
    if (!userns) out.caps &= ~(std::uint64_t{1} << CAP_SYS_ADMIN);
    out.clock = s.count("sys_time") != 0;
    out.acct = s.count("sys_acct") != 0;
    return {};
}

}  // namespace priv
}  // namespace zones
