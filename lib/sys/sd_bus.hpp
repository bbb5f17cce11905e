// RAII for the plain sd-bus objects (zonesd's calls to systemd, the rctl
// plugin, the command-line tools): every bus, message, slot and error is
// released on every path.
#pragma once

#include <cstring>
#include <memory>
#include <string>

#include <systemd/sd-bus.h>

namespace zones::sys {

struct BusUnref {
    void operator()(sd_bus* b) const noexcept { sd_bus_flush_close_unref(b); }
};
struct MessageUnref {
    void operator()(sd_bus_message* m) const noexcept { sd_bus_message_unref(m); }
};
struct SlotUnref {
    void operator()(sd_bus_slot* s) const noexcept { sd_bus_slot_unref(s); }
};
using BusPtr = std::unique_ptr<sd_bus, BusUnref>;
using MessagePtr = std::unique_ptr<sd_bus_message, MessageUnref>;
using SlotPtr = std::unique_ptr<sd_bus_slot, SlotUnref>;

// An sd_bus_error that frees itself.
class BusError {
public:
    BusError() = default;
    ~BusError() { sd_bus_error_free(&e_); }
    BusError(const BusError&) = delete;
    BusError& operator=(const BusError&) = delete;

    sd_bus_error* get() { return &e_; }
    const sd_bus_error& operator*() const { return e_; }
    bool is_set() const { return sd_bus_error_is_set(&e_) != 0; }
    bool has(const char* name) const { return sd_bus_error_has_name(&e_, name) != 0; }
    // The error's message, else strerror of a negative sd-bus return value.
    std::string text(int r) const { return e_.message != nullptr ? e_.message : std::strerror(-r); }

private:
    sd_bus_error e_ = SD_BUS_ERROR_NULL;
};

}  // namespace zones::sys
