// Who may do what to a zone, as data: the verbs zonesd authorizes, the
// polkit action each needs, what a zone's `admin` resource grants (the
// illumos auths login, manage, clonefrom; illumos-reference §8) and how
// illumos words a refusal. Pure logic, no D-Bus, no polkit: the decision
// itself is authorize.hpp's. A new verb is one line of the table in
// authz.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "zones/config.hpp"

namespace zones::daemon {

enum class Verb {
    Create, Configure, Delete,                                  // zonecfg
    Install, Uninstall, Mark, Ready, Boot, Halt, Shutdown,      // zoneadm
    Reboot, Apply, Clone, Move, Detach, Attach,
    Run, Login, Failsafe, Console,                              // zlogin
    CloneFrom,                                                  // a clone's source
    Log,                                                        // zoneadm log
};

// The illumos auths of an `admin` resource, as bits.
enum AdminAuth : unsigned {
    kAuthNone = 0,
    kAuthLogin = 1,        // solaris.zone.login: interactive login with the zone's password check
    kAuthManage = 2,       // solaris.zone.manage: zoneadm, zlogin (all forms), the console
    kAuthCloneFrom = 4,    // solaris.zone.clonefrom: the zone as a clone source
};

// How a refusal reads (illumos zoneadm.c, zlogin.c).
enum class Refusal {
    PermissionDenied,   // "NAME: Permission denied" (zonecfg needs root on illumos)
    Zoneadm,            // "zone 'NAME': User U is not authorized to VERB this zone."
    ZloginOther,        // "U is not authorized for  failsafe or non-interactive login to  NAME zone."
    ZloginLogin,        // "U is not authorized  to login to NAME zone."
    ZloginConsole,      // "U is not authorized for console access to  NAME zone."
    CloneSource,        // "clone operation is invalid because user is not authorized to read source zone."
};

struct VerbRule {
    Verb verb;
    std::string_view name;       // polkit detail verb=, journal VERB=, the word in messages
    std::string_view action;     // polkit action id
    unsigned grants;             // admin auths that allow it fully (AdminAuth bits)
    unsigned password_grants;    // admin auths that allow it behind the zone's password check
    bool audited;                // changes something: one journal entry per call
    Refusal refusal;
    std::string_view says;       // Refusal::Zoneadm's "to VERB this zone" (illumos cmd_to_str)
};

const VerbRule& rule(Verb verb);
std::optional<Verb> verb_named(std::string_view name);

// The auths the zone's `admin` resources give `user` (AdminAuth bits;
// unknown words give nothing).
unsigned admin_auths(const ZoneConfig& cfg, std::string_view user);

// The refusal line for `user` (a name, or a uid in digits) and `zone`.
std::string refusal_text(Verb verb, std::string_view user, std::string_view zone);

// Whether a call authorized while the zone's name had generation
// `authorized` (Manager::generation; 0: no zone of that name) may act on
// what the name has now: the same zone only. A call about no zone could
// only have been allowed by an authorization that covers every zone, so it
// may go on, unless it creates the zone: a zone made meanwhile is not the
// caller's to replace.
bool same_zone(Verb verb, std::uint64_t authorized, std::uint64_t now);

}  // namespace zones::daemon
