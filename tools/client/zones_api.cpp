#include "client/zones_api.hpp"

#include <time.h>

#include <algorithm>
#include <string_view>

namespace zones::client {
namespace {

constexpr std::string_view kBadReply = "unexpected reply from org.zones.Manager";

std::string read_string(sd_bus_message* reply) {
    const char* s = nullptr;
    check(sd_bus_message_read(reply, "s", &s), kBadReply);
    return s;
}

std::vector<std::string> read_strings(sd_bus_message* reply) {
    std::vector<std::string> out;
    check(sd_bus_message_enter_container(reply, 'a', "s"), kBadReply);
    for (;;) {
        const char* s = nullptr;
        int r = sd_bus_message_read(reply, "s", &s);
        check(r, kBadReply);
        if (r == 0)
            break;
        out.emplace_back(s);
    }
    check(sd_bus_message_exit_container(reply), kBadReply);
    return out;
}

// r, once check() found it no error: for the loops over containers.
int checked(int r) {
    check(r, kBadReply);
    return r;
}

// Long enough for any install; the service answers every call.
constexpr std::uint64_t kInstallTimeoutUsec = 24ULL * 3600 * 1000 * 1000;

}  // namespace

std::vector<ZoneSummary> list_zones(const Bus& bus) {
    MessagePtr m = bus.manager_call("ListZones");
    MessagePtr reply = bus.call(m.get(), "");
    std::vector<ZoneSummary> zones;
    check(sd_bus_message_enter_container(reply.get(), 'a', "(isssssso)"), kBadReply);
    for (;;) {
        std::int32_t id = -1;
        const char *name = nullptr, *state = nullptr, *zonepath = nullptr, *uuid = nullptr,
                   *brand = nullptr, *ip_type = nullptr, *path = nullptr;
        int r = sd_bus_message_read(reply.get(), "(isssssso)", &id, &name, &state, &zonepath,
                                    &uuid, &brand, &ip_type, &path);
        check(r, kBadReply);
        if (r == 0)
            break;
        zones.push_back({id, name, state, zonepath, uuid, brand, ip_type, path});
    }
    check(sd_bus_message_exit_container(reply.get()), kBadReply);
    return zones;
}

std::map<std::string, bool> zones_autoboot(const Bus& bus) {
    sd_bus_message* raw = nullptr;
    check(sd_bus_message_new_method_call(bus.get(), &raw, kService, kManagerPath,
                                         "org.freedesktop.DBus.ObjectManager", "GetManagedObjects"),
          "cannot create a GetManagedObjects call");
    MessagePtr m(raw);
    MessagePtr reply = bus.call(m.get(), "");
    sd_bus_message* r = reply.get();
    std::map<std::string, bool> out;
    check(sd_bus_message_enter_container(r, 'a', "{oa{sa{sv}}}"), kBadReply);
    while (checked(sd_bus_message_enter_container(r, 'e', "oa{sa{sv}}")) > 0) {
        const char* path = nullptr;
        check(sd_bus_message_read(r, "o", &path), kBadReply);
        check(sd_bus_message_enter_container(r, 'a', "{sa{sv}}"), kBadReply);
        while (checked(sd_bus_message_enter_container(r, 'e', "sa{sv}")) > 0) {
            const char* iface = nullptr;
            check(sd_bus_message_read(r, "s", &iface), kBadReply);
            if (std::string_view(iface) != "org.zones.Zone") {
                check(sd_bus_message_skip(r, "a{sv}"), kBadReply);
            } else {
                check(sd_bus_message_enter_container(r, 'a', "{sv}"), kBadReply);
                while (checked(sd_bus_message_enter_container(r, 'e', "sv")) > 0) {
                    const char* name = nullptr;
                    check(sd_bus_message_read(r, "s", &name), kBadReply);
                    if (std::string_view(name) == "Autoboot") {
                        int value = 0;
                        check(sd_bus_message_read(r, "v", "b", &value), kBadReply);
                        out[path] = value != 0;
                    } else {
                        check(sd_bus_message_skip(r, "v"), kBadReply);
                    }
                    check(sd_bus_message_exit_container(r), kBadReply);
                }
                check(sd_bus_message_exit_container(r), kBadReply);
            }
            check(sd_bus_message_exit_container(r), kBadReply);
        }
        check(sd_bus_message_exit_container(r), kBadReply);
        check(sd_bus_message_exit_container(r), kBadReply);
    }
    check(sd_bus_message_exit_container(r), kBadReply);
    return out;
}

std::string get_configuration(const Bus& bus, const std::string& name) {
    MessagePtr m = bus.manager_call("GetConfiguration");
    check(sd_bus_message_append(m.get(), "s", name.c_str()), "GetConfiguration");
    return read_string(bus.call(m.get(), name).get());
}

std::string get_template(const Bus& bus, const std::string& name) {
    MessagePtr m = bus.manager_call("GetTemplate");
    check(sd_bus_message_append(m.get(), "s", name.c_str()), "GetTemplate");
    return read_string(bus.call(m.get(), name).get());
}

std::string set_configuration(const Bus& bus, const std::string& old_name,
                              const std::string& xml) {
    MessagePtr m = bus.manager_call("SetConfiguration");
    check(sd_bus_message_append(m.get(), "ss", old_name.c_str(), xml.c_str()),
          "SetConfiguration");
    MessagePtr reply = bus.call(m.get(), old_name);
    const char* path = nullptr;
    check(sd_bus_message_read(reply.get(), "o", &path), kBadReply);
    return path;
}

std::vector<std::string> verify_configuration(const Bus& bus, const std::string& xml) {
    MessagePtr m = bus.manager_call("VerifyConfiguration");
    check(sd_bus_message_append(m.get(), "s", xml.c_str()), "VerifyConfiguration");
    MessagePtr reply = bus.call(m.get(), "");
    std::vector<std::string> messages;
    check(sd_bus_message_enter_container(reply.get(), 'a', "s"), kBadReply);
    for (;;) {
        const char* s = nullptr;
        int r = sd_bus_message_read(reply.get(), "s", &s);
        check(r, kBadReply);
        if (r == 0)
            break;
        messages.emplace_back(s);
    }
    check(sd_bus_message_exit_container(reply.get()), kBadReply);
    return messages;
}

void delete_configuration(const Bus& bus, const std::string& name, bool force) {
    MessagePtr m = bus.manager_call("DeleteConfiguration");
    check(sd_bus_message_append(m.get(), "sb", name.c_str(), static_cast<int>(force)),
          "DeleteConfiguration");
    bus.call(m.get(), name);
}

void install_zone(const Bus& bus, const std::string& name, const std::vector<std::string>& args) {
    MessagePtr m = bus.manager_call("Install");
    check(sd_bus_message_append(m.get(), "s", name.c_str()), "Install");
    check(sd_bus_message_open_container(m.get(), 'a', "s"), "Install");
    for (const std::string& a : args)
        check(sd_bus_message_append(m.get(), "s", a.c_str()), "Install");
    check(sd_bus_message_close_container(m.get()), "Install");
    bus.call(m.get(), name, kInstallTimeoutUsec);
}

void uninstall_zone(const Bus& bus, const std::string& name, bool force) {
    MessagePtr m = bus.manager_call("Uninstall");
    check(sd_bus_message_append(m.get(), "sb", name.c_str(), static_cast<int>(force)),
          "Uninstall");
    bus.call(m.get(), name, kInstallTimeoutUsec);
}

void mark_incomplete(const Bus& bus, const std::string& name) {
    MessagePtr m = bus.manager_call("MarkIncomplete");
    check(sd_bus_message_append(m.get(), "s", name.c_str()), "MarkIncomplete");
    bus.call(m.get(), name);
}

void mark_zone(const Bus& bus, const std::string& name, const std::string& state) {
    MessagePtr m = bus.manager_call("Mark");
    check(sd_bus_message_append(m.get(), "ss", name.c_str(), state.c_str()), "Mark");
    bus.call(m.get(), name);
}

std::vector<std::string> clone_zone(const Bus& bus, const std::string& name, const std::string& source,
                                    const std::vector<std::string>& args) {
    MessagePtr m = bus.manager_call("Clone");
    check(sd_bus_message_append(m.get(), "ss", name.c_str(), source.c_str()), "Clone");
    check(sd_bus_message_open_container(m.get(), 'a', "s"), "Clone");
    for (const std::string& a : args)
        check(sd_bus_message_append(m.get(), "s", a.c_str()), "Clone");
    check(sd_bus_message_close_container(m.get()), "Clone");
    return read_strings(bus.call(m.get(), name, kInstallTimeoutUsec).get());
}

std::vector<std::string> move_zone(const Bus& bus, const std::string& name, const std::string& zonepath) {
    MessagePtr m = bus.manager_call("Move");
    check(sd_bus_message_append(m.get(), "ss", name.c_str(), zonepath.c_str()), "Move");
    return read_strings(bus.call(m.get(), name, kInstallTimeoutUsec).get());
}

std::string detach_zone(const Bus& bus, const std::string& name, bool dry_run) {
    MessagePtr m = bus.manager_call("Detach");
    check(sd_bus_message_append(m.get(), "sb", name.c_str(), static_cast<int>(dry_run)), "Detach");
    return read_string(bus.call(m.get(), name).get());
}

std::vector<std::string> attach_zone(const Bus& bus, const std::string& name, bool force) {
    MessagePtr m = bus.manager_call("Attach");
    check(sd_bus_message_append(m.get(), "sb", name.c_str(), static_cast<int>(force)), "Attach");
    return read_strings(bus.call(m.get(), name, kInstallTimeoutUsec).get());
}

std::vector<std::string> check_manifest(const Bus& bus, const std::string& manifest) {
    MessagePtr m = bus.manager_call("CheckManifest");
    check(sd_bus_message_append(m.get(), "s", manifest.c_str()), "CheckManifest");
    return read_strings(bus.call(m.get(), "").get());
}

std::vector<std::string> verify_zone(const Bus& bus, const std::string& name) {
    MessagePtr m = bus.manager_call("VerifyZone");
    check(sd_bus_message_append(m.get(), "s", name.c_str()), "VerifyZone");
    return read_strings(bus.call(m.get(), name).get());
}

namespace {

// A verb taking the name and optionally more, returning the notice.
template <typename... Extra>
std::string verb(const Bus& bus, const char* member, const char* signature,
                 const std::string& name, Extra... extra) {
    MessagePtr m = bus.manager_call(member);
    check(sd_bus_message_append(m.get(), signature, name.c_str(), extra...), member);
    return read_string(bus.call(m.get(), name).get());
}

}  // namespace

std::string ready_zone(const Bus& bus, const std::string& name) {
    return verb(bus, "Ready", "s", name);
}

std::string boot_zone(const Bus& bus, const std::string& name, const std::string& args) {
    return verb(bus, "Boot", "ss", name, args.c_str());
}

std::string halt_zone(const Bus& bus, const std::string& name) {
    return verb(bus, "Halt", "s", name);
}

std::string shutdown_zone(const Bus& bus, const std::string& name, bool reboot,
                          const std::string& args) {
    return verb(bus, "Shutdown", "sbs", name, static_cast<int>(reboot), args.c_str());
}

std::string shutdown_zone_within(const Bus& bus, const std::string& name, unsigned seconds) {
    MessagePtr m = bus.manager_call("ShutdownWithin");
    check(sd_bus_message_append(m.get(), "su", name.c_str(), static_cast<std::uint32_t>(seconds)),
          "ShutdownWithin");
    // The service answers once the zone is down: at most `seconds` and a halt.
    const std::uint64_t timeout = (seconds + 180ULL) * 1000 * 1000;
    return read_string(bus.call(m.get(), name, std::max(timeout, kCallTimeoutUsec)).get());
}

std::string reboot_zone(const Bus& bus, const std::string& name, const std::string& args) {
    return verb(bus, "Reboot", "ss", name, args.c_str());
}

std::uint64_t monotonic_usec() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1000000ULL +
           static_cast<std::uint64_t>(ts.tv_nsec) / 1000;
}

namespace {

template <typename... Extra>
TimedReply timed_verb(const Bus& bus, const char* member, const char* signature,
                      const std::string& name, Extra... extra) {
    MessagePtr m = bus.manager_call(member);
    check(sd_bus_message_append(m.get(), signature, name.c_str(), extra...), member);
    MessagePtr reply = bus.call(m.get(), name);
    TimedReply out;
    out.received_usec = monotonic_usec();
    out.notice = read_string(reply.get());
    check(sd_bus_message_enter_container(reply.get(), 'a', "(sbtt)"), kBadReply);
    for (;;) {
        const char* phase = nullptr;
        int meanwhile = 0;
        Phase p;
        int r = sd_bus_message_read(reply.get(), "(sbtt)", &phase, &meanwhile, &p.start_usec,
                                    &p.usec);
        check(r, kBadReply);
        if (r == 0)
            break;
        p.name = phase;
        p.meanwhile = meanwhile != 0;
        out.phases.push_back(std::move(p));
    }
    check(sd_bus_message_exit_container(reply.get()), kBadReply);
    return out;
}

}  // namespace

TimedReply ready_zone_timed(const Bus& bus, const std::string& name, std::uint64_t since) {
    return timed_verb(bus, "ReadyTimed", "st", name, since);
}

TimedReply boot_zone_timed(const Bus& bus, const std::string& name, const std::string& args,
                           std::uint64_t since) {
    return timed_verb(bus, "BootTimed", "sst", name, args.c_str(), since);
}

TimedReply halt_zone_timed(const Bus& bus, const std::string& name, std::uint64_t since) {
    return timed_verb(bus, "HaltTimed", "st", name, since);
}

std::vector<LogEntry> zone_log(const Bus& bus, const std::string& name, std::uint32_t count) {
    MessagePtr m = bus.manager_call("GetZoneLog");
    check(sd_bus_message_append(m.get(), "su", name.c_str(), count), "GetZoneLog");
    MessagePtr reply = bus.call(m.get(), name);
    std::vector<LogEntry> out;
    check(sd_bus_message_enter_container(reply.get(), 'a', "(tsuussss)"), kBadReply);
    for (;;) {
        LogEntry e;
        const char *user = nullptr, *verb = nullptr, *result = nullptr, *by = nullptr,
                   *detail = nullptr;
        int r = sd_bus_message_read(reply.get(), "(tsuussss)", &e.usec, &user, &e.uid, &e.pid,
                                    &verb, &result, &by, &detail);
        check(r, kBadReply);
        if (r == 0)
            break;
        e.user = user;
        e.verb = verb;
        e.result = result;
        e.authorized_by = by;
        e.detail = detail;
        out.push_back(std::move(e));
    }
    check(sd_bus_message_exit_container(reply.get()), kBadReply);
    return out;
}

}  // namespace zones::client
