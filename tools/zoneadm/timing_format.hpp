// zoneadm ready/boot/halt -v: where the time went, as a table (pure, no
// D-Bus). The service's phases, by start, in ms from zoneadm's start:
//
//   zone 'web': boot: 34.21 ms from zoneadm's start to the reply
//       start ms        ms  phase
//          0.000     0.612  client: start, D-Bus call to zonesd
//          0.890     0.402  plugin fs: verify (meanwhile)
//          ...
//   phases: 33.90 ms (meanwhile not counted); the reply's way back: 0.31 ms
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zones::zoneadm {

struct PhaseRow {
    std::string name;
    bool meanwhile = false;
    std::uint64_t start_usec = 0;    // CLOCK_MONOTONIC
    std::uint64_t usec = 0;
};

// `since`: zoneadm's start, `received`: the reply's arrival (both
// CLOCK_MONOTONIC usec).
std::string format_timings(std::string_view zone, std::string_view verb,
                           const std::vector<PhaseRow>& phases, std::uint64_t since,
                           std::uint64_t received);

}  // namespace zones::zoneadm
