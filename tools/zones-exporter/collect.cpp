#include "collect.hpp"

#include <time.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "client/bus.hpp"
#include "client/usage.hpp"

namespace zones::exporter {
namespace {

constexpr std::uint64_t kTimeoutUsec = 20ULL * 1000 * 1000;
// Calls in flight at once. The system bus lets a connection have 128
// replies pending (dbus-daemon's max_replies_per_connection) and zonesd an
// unprivileged caller 256 calls; past that, calls fail. A window well
// below both keeps every zone's figures at any number of zones.
constexpr int kWindow = 32;

using MsgPtr = sys::MessagePtr;

double now() {
    ::timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// A zone that left its state between ListZones and our call is no error.
bool state_changed(const sd_bus_error* e) {
    return sd_bus_error_has_name(e, "org.zones.Error.InvalidState") ||
           sd_bus_error_has_name(e, "org.zones.Error.NoSuchZone") ||
           sd_bus_error_has_name(e, "org.freedesktop.DBus.Error.UnknownObject") ||
           sd_bus_error_has_name(e, "org.freedesktop.DBus.Error.UnknownMethod");
}

struct Pending {
    ZoneSample* zone;
    const char* path;      // the zone's object
    bool usage;            // GetUsage, else GetInterfaceStatistics
    Snapshot* snap;
    int* outstanding;
};

int on_reply(sd_bus_message* m, void* userdata, sd_bus_error*) {
    auto* p = static_cast<Pending*>(userdata);
    --*p->outstanding;
    const sd_bus_error* e = sd_bus_message_get_error(m);
    if (e) {
        if (!state_changed(e)) ++p->snap->errors;
        return 0;
    }
    int r = 0;
    if (p->usage) {
        r = client::read_counters(m, p->zone->usage);
        p->zone->live = r >= 0;
    } else if ((r = sd_bus_message_enter_container(m, 'a', "(sa{st})")) >= 0) {
        while ((r = sd_bus_message_enter_container(m, 'r', "sa{st}")) > 0) {
            InterfaceSample i;
            const char* name = nullptr;
            if ((r = sd_bus_message_read(m, "s", &name)) < 0) break;
            i.name = name;
            if ((r = client::read_counters(m, i.counters)) < 0) break;
            if ((r = sd_bus_message_exit_container(m)) < 0) break;
            p->zone->interfaces.push_back(std::move(i));
        }
        if (r >= 0) r = sd_bus_message_exit_container(m);
    }
    if (r < 0) ++p->snap->errors;
    return 0;
}

}  // namespace

void Collector::down(const std::string& why) {
    // Once per outage in the journal, not at every scrape.
    if (was_up_) std::fprintf(stderr, "zones-exporter: cannot reach the zones service (org.zones.Manager): %s\n",
                              why.c_str());
    was_up_ = false;
}

Snapshot Collector::collect() {
    const double start = now();
    Snapshot snap;
    if (!bus_) {
        sd_bus* raw = nullptr;
        if (int r = sd_bus_open_system(&raw); r < 0) {
            down(std::strerror(-r));
            snap.seconds = now() - start;
            return snap;
        }
        bus_.reset(raw);
    }
    sd_bus* bus = bus_.get();

    client::BusError error;
    sd_bus_message* raw_reply = nullptr;
    int r = sd_bus_call_method(bus, client::kService, client::kManagerPath, client::kManagerInterface, "ListZones",
                               error.get(), &raw_reply, "");
    MsgPtr reply(raw_reply);
    if (r < 0) {
        down(error.is_set() && (*error).message ? (*error).message : std::strerror(-r));
        // A broken connection is opened again at the next scrape.
        if (!error.is_set()) bus_.reset();
        snap.seconds = now() - start;
        return snap;
    }
    std::vector<std::string> paths;
    r = sd_bus_message_enter_container(reply.get(), 'a', "(isssssso)");
    while (r >= 0 && (r = sd_bus_message_enter_container(reply.get(), 'r', "isssssso")) > 0) {
        std::int32_t id = -1;
        const char *name, *state, *zonepath, *uuid, *brand, *ip_type, *path;
        r = sd_bus_message_read(reply.get(), "isssssso", &id, &name, &state, &zonepath, &uuid, &brand, &ip_type,
                                &path);
        if (r < 0) break;
        ZoneSample z;
        z.name = name;
        z.state = state;
        z.id = id;
        z.uuid = uuid;
        z.brand = brand;
        z.ip_type = ip_type;
        snap.zones.push_back(std::move(z));
        paths.emplace_back(path);
        r = sd_bus_message_exit_container(reply.get());
    }
    if (r < 0) {   // a reply we cannot read: say so, show nothing half-read
        down(std::string("ListZones reply: ") + std::strerror(-r));
        snap.zones.clear();
        snap.seconds = now() - start;
        return snap;
    }
    snap.up = true;
    was_up_ = true;

    // Two calls per zone with a platform, at most kWindow in flight; the
    // replies come back in any order, each one lets the next call go.
    int outstanding = 0;
    std::vector<Pending> pending;
    pending.reserve(snap.zones.size() * 2);
    for (std::size_t i = 0; i < snap.zones.size(); ++i) {
        const std::string& st = snap.zones[i].state;
        if (st != "ready" && st != "running" && st != "shutting_down") continue;
        for (bool usage : {true, false})
            pending.push_back({&snap.zones[i], paths[i].c_str(), usage, &snap, &outstanding});
    }
    std::size_t next = 0;
    auto send_more = [&] {
        while (outstanding < kWindow && next < pending.size()) {
            Pending& p = pending[next++];
            sd_bus_message* raw = nullptr;
            int q = sd_bus_message_new_method_call(bus, &raw, client::kService, p.path,
                                                   p.usage ? "org.zones.Zone.Resources" : "org.zones.Zone.Network",
                                                   p.usage ? "GetUsage" : "GetInterfaceStatistics");
            MsgPtr call(raw);
            if (q >= 0) q = sd_bus_call_async(bus, nullptr, call.get(), on_reply, &p, kTimeoutUsec);
            if (q < 0) ++snap.errors;
            else ++outstanding;
        }
    };
    send_more();
    // sd-bus answers every call: with its reply, an error, or a timeout.
    while (outstanding > 0) {
        r = sd_bus_process(bus, nullptr);
        if (r == 0)
            r = sd_bus_wait(bus, UINT64_MAX);
        if (r < 0) {   // the connection broke: the calls left, sent or not, count as errors
            snap.errors += static_cast<std::uint64_t>(outstanding) + (pending.size() - next);
            // Floating slots of the calls left point into `pending`:
            // closing the bus drops them before `pending` goes.
            bus_.reset();
            break;
        }
        send_more();
    }
    snap.seconds = now() - start;
    return snap;
}

}  // namespace zones::exporter
