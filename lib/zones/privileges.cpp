// illumos privilege names (privileges(7)) accepted in limitpriv. The
// mapping to Linux capabilities belongs to the runtime, not to this list.
#include "zones/syntax.hpp"

namespace zones {

namespace {

constexpr std::string_view kSets[] = {"all", "none", "default", "zone", "basic"};

constexpr std::string_view kPrivileges[] = {
    "contract_event", "contract_identity", "contract_observer",
    "cpc_cpu",
    "dtrace_kernel", "dtrace_proc", "dtrace_user",
    "file_chown", "file_chown_self", "file_dac_execute", "file_dac_read", "file_dac_search",
    "file_dac_write", "file_downgrade_sl", "file_flag_set", "file_link_any", "file_owner",
    "file_read", "file_setid", "file_upgrade_sl", "file_write",
    "graphics_access", "graphics_map",
    "hyprlofs_control",
    "ipc_dac_read", "ipc_dac_write", "ipc_owner",
    "net_access", "net_bindmlp", "net_icmpaccess", "net_mac_aware", "net_mac_implicit",
    "net_observability", "net_privaddr", "net_rawaccess",
    "proc_audit", "proc_chroot", "proc_clock_highres", "proc_exec", "proc_fork", "proc_info",
    "proc_lock_memory", "proc_owner", "proc_priocntl", "proc_prioup", "proc_secflags",
    "proc_session", "proc_setid", "proc_taskid", "proc_zone",
    "sys_acct", "sys_admin", "sys_audit", "sys_config", "sys_devices", "sys_dl_config",
    "sys_flow_config", "sys_fs_import", "sys_ip_config", "sys_ipc_config", "sys_iptun_config",
    "sys_linkdir", "sys_mount", "sys_net_config", "sys_nfs", "sys_ppp_config", "sys_res_bind",
    "sys_res_config", "sys_resource", "sys_share", "sys_smb", "sys_suser_compat", "sys_time",
    "sys_trans_label",
    "virt_manage",
    "win_colormap", "win_config", "win_dac_read", "win_dac_write", "win_devices", "win_dga",
    "win_downgrade_sl", "win_fontpath", "win_mac_read", "win_mac_write", "win_selection",
    "win_upgrade_sl",
    "xvm_control",
};

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

}  // namespace

bool known_privilege(std::string_view name) {
    for (auto s : kSets)
        if (iequals(name, s)) return true;
    for (auto p : kPrivileges)
        if (iequals(name, p)) return true;
    return false;
}

}  // namespace zones
