#include "authz.hpp"

#include <array>

#include <fmt/format.h>

#include "zone.hpp"

namespace zones::daemon {
namespace {

constexpr std::string_view kConfigure = "org.zones.configure";
constexpr std::string_view kCreate = "org.zones.create";
constexpr std::string_view kManage = "org.zones.manage";
constexpr std::string_view kLogin = "org.zones.login";
constexpr std::string_view kConsole = "org.zones.console";
constexpr std::string_view kClone = "org.zones.clone";

constexpr unsigned kAnyAuth = kAuthLogin | kAuthManage | kAuthCloneFrom;

// One line per verb. illumos: `manage` covers every zoneadm verb of the
// zone, zlogin in all its forms and the console; `login` only an
// interactive login that asks for the zone user's password; `clonefrom`
// the zone as a clone source. zonecfg is not delegated (illumos: it needs
// write access to /etc/zones), so no admin auth grants configure/create.
constexpr std::array kRules = {
    //       verb               name         action      grants         password    audited  refusal                    says
    VerbRule{Verb::Create,     "create",    kCreate,    kAuthNone,     kAuthNone,  true,  Refusal::PermissionDenied, "create"},
    VerbRule{Verb::Configure,  "configure", kConfigure, kAuthNone,     kAuthNone,  true,  Refusal::PermissionDenied, "configure"},
    VerbRule{Verb::Delete,     "delete",    kConfigure, kAuthNone,     kAuthNone,  true,  Refusal::PermissionDenied, "delete"},
    VerbRule{Verb::Install,    "install",   kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "install"},
    VerbRule{Verb::Uninstall,  "uninstall", kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "uninstall"},
    VerbRule{Verb::Mark,       "mark",      kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "mark"},
    VerbRule{Verb::Ready,      "ready",     kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "ready"},
    VerbRule{Verb::Boot,       "boot",      kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "boot"},
    VerbRule{Verb::Halt,       "halt",      kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "halt"},
    VerbRule{Verb::Shutdown,   "shutdown",  kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "shutdown"},
    VerbRule{Verb::Reboot,     "reboot",    kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "reboot"},
    VerbRule{Verb::Apply,      "apply",     kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "apply"},
    VerbRule{Verb::Clone,      "clone",     kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "clone"},
    VerbRule{Verb::Move,       "move",      kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "move"},
    VerbRule{Verb::Detach,     "detach",    kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "detach"},
    VerbRule{Verb::Attach,     "attach",    kManage,    kAuthManage,   kAuthNone,  true,  Refusal::Zoneadm,          "attach"},
    VerbRule{Verb::Run,        "run",       kLogin,     kAuthManage,   kAuthNone,  true,  Refusal::ZloginOther,      "run"},
    VerbRule{Verb::Login,      "login",     kLogin,     kAuthManage,   kAuthLogin, true,  Refusal::ZloginLogin,      "login"},
    VerbRule{Verb::Failsafe,   "failsafe",  kLogin,     kAuthManage,   kAuthNone,  true,  Refusal::ZloginOther,      "failsafe"},
    VerbRule{Verb::Console,    "console",   kConsole,   kAuthManage,   kAuthNone,  true,  Refusal::ZloginConsole,    "console"},
    VerbRule{Verb::CloneFrom,  "clonefrom", kClone,     kAuthCloneFrom, kAuthNone, true,  Refusal::CloneSource,      "clone"},
    VerbRule{Verb::Log,        "log",       kManage,    kAnyAuth,      kAuthNone,  false, Refusal::Zoneadm,          "view the log of"},
};

}  // namespace

const VerbRule& rule(Verb verb) {
    for (const VerbRule& r : kRules)
        if (r.verb == verb)
            return r;
    throw ZoneError(ErrorKind::Internal, "authorization: a verb without a rule");
}

std::optional<Verb> verb_named(std::string_view name) {
    for (const VerbRule& r : kRules)
        if (r.name == name)
            return r.verb;
    return std::nullopt;
}

unsigned admin_auths(const ZoneConfig& cfg, std::string_view user) {
    unsigned bits = kAuthNone;
    for (const Admin& a : cfg.admins) {
        if (a.user != user)
            continue;
        std::string_view rest = a.auths;
        while (!rest.empty()) {
            const std::size_t comma = rest.find(',');
            std::string_view word = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
            while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
            if (word == "login") bits |= kAuthLogin;
            else if (word == "manage") bits |= kAuthManage;
            else if (word == "clonefrom") bits |= kAuthCloneFrom;
        }
    }
    return bits;
}

std::string refusal_text(Verb verb, std::string_view user, std::string_view zone) {
    const VerbRule& r = rule(verb);
    const std::string z = shown_name(zone);
    // illumos's own words, double spaces included (zlogin.c).
    switch (r.refusal) {
    case Refusal::PermissionDenied:
        return z.empty() ? std::string("Permission denied") : fmt::format("{}: Permission denied", z);
    case Refusal::Zoneadm:
        return fmt::format("zone '{}': User {} is not authorized to {} this zone.", z, user, r.says);
    case Refusal::ZloginOther:
        return fmt::format("{} is not authorized for  failsafe or non-interactive login to  {} zone.",
                           user, z);
    case Refusal::ZloginLogin:
        return fmt::format("{} is not authorized  to login to {} zone.", user, z);
    case Refusal::ZloginConsole:
        return fmt::format("{} is not authorized for console access to  {} zone.", user, z);
    case Refusal::CloneSource:
        // illumos names the zone being cloned into; the source is the one
        // the refusal is about, so name it.
        return fmt::format("zone '{}': clone operation is invalid because user is not authorized to read source zone.", z);
    }
    return fmt::format("{}: Permission denied", z);
}

bool same_zone(Verb verb, std::uint64_t authorized, std::uint64_t now) {
    if (authorized == 0 && verb != Verb::Create)
        return true;
    return now == authorized;
}

}  // namespace zones::daemon
