#include "exposition.hpp"

#include <functional>

#include <fmt/format.h>

namespace zones::exporter {
namespace {

std::string escape(const std::string& v) {
    std::string o;
    o.reserve(v.size());
    for (char c : v) {
        if (c == '\\') o += "\\\\";
        else if (c == '"') o += "\\\"";
        else if (c == '\n') o += "\\n";
        else o += c;
    }
    return o;
}

using Labels = std::vector<std::pair<std::string, std::string>>;

class Writer {
public:
    // One family: HELP, TYPE, then its samples.
    void family(const char* name, const char* type, const char* help) {
        name_ = name;
        fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
    }
    void sample(const Labels& labels, const std::string& value) {
        out_ += name_;
        if (!labels.empty()) {
            out_ += '{';
            bool first = true;
            for (const auto& [k, v] : labels) {
                if (!first) out_ += ',';
                first = false;
                fmt::format_to(std::back_inserter(out_), "{}=\"{}\"", k, escape(v));
            }
            out_ += '}';
        }
        out_ += ' ';
        out_ += value;
        out_ += '\n';
    }
    void sample(const Labels& labels, std::uint64_t v) { sample(labels, fmt::format("{}", v)); }
    void sample(const Labels& labels, double v) { sample(labels, fmt::format("{}", v)); }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
    std::string name_;
};

bool has(const ZoneSample& z, const char* key) { return z.usage.count(key) != 0; }

}  // namespace

const std::vector<std::string>& zone_states() {
    static const std::vector<std::string> s = {"configured", "incomplete", "installed", "ready",
                                               "running",    "shutting_down", "down", "mounted"};
    return s;
}

std::string render(const Snapshot& s) {
    Writer w;
    w.family("zones_up", "gauge", "Whether the zones service (org.zones.Manager) answered.");
    w.sample({}, std::uint64_t{s.up ? 1U : 0U});

    w.family("zones_host_zones", "gauge", "Zones configured on this host, per state.");
    for (const auto& st : zone_states()) {
        std::uint64_t n = 0;
        for (const auto& z : s.zones) n += z.state == st ? 1 : 0;
        w.sample({{"state", st}}, n);
    }

    w.family("zones_zone_info", "gauge", "Always 1: a zone's brand, IP type and UUID.");
    for (const auto& z : s.zones)
        w.sample({{"zone", z.name}, {"brand", z.brand}, {"ip_type", z.ip_type}, {"uuid", z.uuid}}, std::uint64_t{1});

    w.family("zones_zone_state", "gauge", "1 for the state a zone is in, 0 for the others.");
    for (const auto& z : s.zones)
        for (const auto& st : zone_states())
            w.sample({{"zone", z.name}, {"state", st}}, std::uint64_t{z.state == st ? 1U : 0U});

    w.family("zones_zone_id", "gauge", "The zone ID of a ready or running zone (new at every ready or boot).");
    for (const auto& z : s.zones)
        if (z.id >= 0) w.sample({{"zone", z.name}}, static_cast<std::uint64_t>(z.id));

    // The per-zone figures of GetUsage, each only where the zone has it.
    auto usage_family = [&](const char* name, const char* type, const char* help, const char* key,
                            const std::function<std::string(std::uint64_t)>& value) {
        w.family(name, type, help);
        for (const auto& z : s.zones)
            if (z.live && has(z, key)) w.sample({{"zone", z.name}}, value(z.usage.at(key)));
    };
    const auto integer = [](std::uint64_t v) { return fmt::format("{}", v); };
    const auto usec = [](std::uint64_t v) { return fmt::format("{}", static_cast<double>(v) / 1e6); };
    usage_family("zones_boot_time_seconds", "gauge", "When the zone's init started, seconds since the epoch.",
                 "boot-time-usec", usec);
    usage_family("zones_cpu_seconds_total", "counter", "CPU time used by the zone's processes.", "cpu-usec", usec);
    usage_family("zones_memory_bytes", "gauge", "Memory charged to the zone's processes.", "memory-bytes", integer);
    usage_family("zones_memory_max_bytes", "gauge", "The zone's memory limit in force (absent: unlimited).",
                 "memory-limit-bytes", integer);
    usage_family("zones_swap_bytes", "gauge", "Swap used by the zone (where the host's cgroups count it).",
                 "swap-bytes", integer);
    usage_family("zones_swap_max_bytes", "gauge", "The zone's swap limit in force (cgroup v2; absent: unlimited).",
                 "swap-limit-bytes", integer);
    usage_family("zones_tasks", "gauge", "Tasks (threads) in the zone.", "lwps", integer);
    usage_family("zones_tasks_max", "gauge", "The zone's task limit in force (absent: unlimited).", "lwps-limit",
                 integer);
    usage_family("zones_console_log_bytes", "gauge", "Bytes in the zone's console log and its rotated copy.",
                 "console-log-bytes", integer);

    struct NetFamily {
        const char* name;
        const char* help;
        const char* key;
    };
    static const NetFamily net[] = {
        {"zones_network_receive_bytes_total", "Bytes the zone received on an interface.", "rx-bytes"},
        {"zones_network_transmit_bytes_total", "Bytes the zone sent on an interface.", "tx-bytes"},
        {"zones_network_receive_packets_total", "Packets the zone received on an interface.", "rx-packets"},
        {"zones_network_transmit_packets_total", "Packets the zone sent on an interface.", "tx-packets"},
        {"zones_network_receive_errors_total", "Receive errors on a zone's interface.", "rx-errors"},
        {"zones_network_transmit_errors_total", "Transmit errors on a zone's interface.", "tx-errors"},
        {"zones_network_receive_drop_total", "Received packets dropped on a zone's interface.", "rx-dropped"},
        {"zones_network_transmit_drop_total", "Packets to send dropped on a zone's interface.", "tx-dropped"},
    };
    for (const auto& f : net) {
        w.family(f.name, "counter", f.help);
        for (const auto& z : s.zones)
            for (const auto& i : z.interfaces)
                if (auto it = i.counters.find(f.key); it != i.counters.end())
                    w.sample({{"zone", z.name}, {"interface", i.name}}, it->second);
    }

    w.family("zones_exporter_errors", "gauge",
             "Calls for one zone that failed in this scrape (not counting zones that changed state meanwhile).");
    w.sample({}, s.errors);
    w.family("zones_exporter_scrape_duration_seconds", "gauge", "What collecting this page took.");
    w.sample({}, s.seconds);
    return w.take();
}

}  // namespace zones::exporter
