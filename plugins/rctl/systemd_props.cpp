#include "systemd_props.hpp"

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <systemd/sd-bus.h>

#include "sys/sd_bus.hpp"

namespace zones::rctl {

namespace {

int append_u64(sd_bus_message* m, const char* name, std::uint64_t v) {
    return sd_bus_message_append(m, "(sv)", name, "t", v);
}

}  // namespace

std::string set_unit_properties(const std::string& unit, const UnitProperties& p) {
    sd_bus* raw = nullptr;
    const int opened = sd_bus_open_system(&raw);
    sys::BusPtr bus(raw);
    if (opened < 0) return fmt::format("system bus: {}", std::strerror(-opened));
    sd_bus_message* mraw = nullptr;
    int r = sd_bus_message_new_method_call(bus.get(), &mraw, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                                           "org.freedesktop.systemd1.Manager", "SetUnitProperties");
    if (r < 0) return fmt::format("SetUnitProperties: {}", std::strerror(-r));
    sys::MessagePtr m(mraw);
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
    sys::BusError err;
    sd_bus_message* raw_reply = nullptr;
    r = sd_bus_call(bus.get(), m.get(), 0, err.get(), &raw_reply);
    sys::MessagePtr reply(raw_reply);
    if (r < 0) return fmt::format("{}: {}", unit, err.text(r));
    return {};
}

}  // namespace zones::rctl
