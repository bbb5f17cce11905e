#include "systemd_props.hpp"

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <systemd/sd-bus.h>

namespace zones::rctl {

namespace {

struct BusUnref {
    void operator()(sd_bus* b) const noexcept { sd_bus_flush_close_unref(b); }
};
struct MsgUnref {
    void operator()(sd_bus_message* m) const noexcept { sd_bus_message_unref(m); }
};

int append_u64(sd_bus_message* m, const char* name, std::uint64_t v) {
    return sd_bus_message_append(m, "(sv)", name, "t", v);
}

}  // namespace

std::string set_unit_properties(const std::string& unit, const UnitProperties& p) {
    sd_bus* raw = nullptr;
    if (int r = sd_bus_open_system(&raw); r < 0) return fmt::format("system bus: {}", std::strerror(-r));
    std::unique_ptr<sd_bus, BusUnref> bus(raw);
    sd_bus_message* mraw = nullptr;
    int r = sd_bus_message_new_method_call(bus.get(), &mraw, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                                           "org.freedesktop.systemd1.Manager", "SetUnitProperties");
    if (r < 0) return fmt::format("SetUnitProperties: {}", std::strerror(-r));
    std::unique_ptr<sd_bus_message, MsgUnref> m(mraw);
    r = sd_bus_message_append(m.get(), "sb", unit.c_str(), 1);
    if (r >= 0) r = sd_bus_message_open_container(m.get(), 'a', "(sv)");
    if (r >= 0) r = append_u64(m.get(), "MemoryMax", p.memory_max);
    if (r >= 0) r = append_u64(m.get(), "MemorySwapMax", p.memory_swap_max);
    if (r >= 0) r = append_u64(m.get(), "CPUQuotaPerSecUSec", p.cpu_quota_per_sec_usec);
    if (r >= 0) r = append_u64(m.get(), "CPUWeight", p.cpu_weight);
    if (r >= 0) r = append_u64(m.get(), "TasksMax", p.tasks_max);
    if (r >= 0) r = sd_bus_message_open_container(m.get(), 'r', "sv");
    if (r >= 0) r = sd_bus_message_append(m.get(), "s", "AllowedCPUs");
    if (r >= 0) r = sd_bus_message_open_container(m.get(), 'v', "ay");
    const std::vector<std::uint8_t> mask = cpu_mask(p.allowed_cpus);
    if (r >= 0) r = sd_bus_message_append_array(m.get(), 'y', mask.data(), mask.size());
    if (r >= 0) r = sd_bus_message_close_container(m.get());
    if (r >= 0) r = sd_bus_message_close_container(m.get());
    if (r >= 0) r = sd_bus_message_close_container(m.get());
    if (r < 0) return fmt::format("SetUnitProperties: {}", std::strerror(-r));
    sd_bus_error err = SD_BUS_ERROR_NULL;
    sd_bus_message* reply = nullptr;
    r = sd_bus_call(bus.get(), m.get(), 0, &err, &reply);
    sd_bus_message_unref(reply);
    std::string cause;
    if (r < 0) cause = fmt::format("{}: {}", unit, err.message ? err.message : std::strerror(-r));
    sd_bus_error_free(&err);
    return cause;
}

}  // namespace zones::rctl
