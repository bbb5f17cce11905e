#include "timing_format.hpp"

#include <fmt/format.h>

namespace zones::zoneadm {

std::string format_timings(std::string_view zone, std::string_view verb,
                           const std::vector<PhaseRow>& phases, std::uint64_t since,
                           std::uint64_t received) {
    auto ms = [](std::uint64_t usec) { return static_cast<double>(usec) / 1000.0; };
    const std::uint64_t total = received > since ? received - since : 0;
    std::string out = fmt::format("zone '{}': {}: {:.2f} ms from zoneadm's start to the reply\n",
                                  zone, verb, ms(total));
    out += fmt::format("{:>13} {:>9}  {}\n", "start ms", "ms", "phase");
    std::uint64_t sum = 0;
    for (const PhaseRow& p : phases) {
        const std::uint64_t at = p.start_usec > since ? p.start_usec - since : 0;
        out += fmt::format("{:13.3f} {:9.3f}  {}{}\n", ms(at), ms(p.usec), p.name,
                           p.meanwhile ? " (meanwhile)" : "");
        if (!p.meanwhile)
            sum += p.usec;
    }
    out += fmt::format("phases: {:.2f} ms (meanwhile not counted); the reply's way back: {:.2f} ms\n",
                       ms(sum), ms(total > sum ? total - sum : 0));
    return out;
}

}  // namespace zones::zoneadm
