// The client side of RUN/NAME/zoneadmd.sock (daemon/zoneadmd/PROTOCOL.md):
// SOCK_SEQPACKET, one request per message, one reply per request, with
// timeouts so a wedged zoneadmd cannot hold a worker forever.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "zones/timeline.hpp"

namespace zones::daemon {

struct ZoneadmdReply {
    bool ok = false;
    std::string text;      // after "ok " or "error "
    // The phases of a ready/boot/halt, on the lines after the first
    // (timeline.hpp).
    std::vector<timing::Span> spans;
    // A ready's or boot's "=STATE ID [INITPID]" line: the zone's state as
    // the reply left it ("" when the reply had none).
    std::string state;
};

// nullopt when nobody listens on `socket` (missing, refused): there is no
// zoneadmd; or when one took the request and went away without a word.
// `sent` (if given) tells the two apart: true once the request was handed
// to a listening socket. Throws ZoneError(Internal) when one is there but
// does not answer within `timeout_ms` or sends garbage.
std::optional<ZoneadmdReply> zoneadmd_call(const std::filesystem::path& socket,
                                           const std::string& request, int timeout_ms,
                                           bool* sent = nullptr);

// "ok TEXT" / "error TEXT" [\n span lines] -> reply; nullopt for anything else.
std::optional<ZoneadmdReply> parse_zoneadmd_reply(std::string_view text);
// The same for the reply to `request` read elsewhere (a fresh zoneadmd's
// start socket): throws ZoneError(Internal) as zoneadmd_call does, for a
// reply that did not come within `timeout_ms` (`text` nullopt) or is garbage.
ZoneadmdReply reply_to(const std::string& request, const std::optional<std::string>& text, int timeout_ms);

}  // namespace zones::daemon
