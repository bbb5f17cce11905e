// The zone XML of /etc/zones/NAME.xml (illumos DTD element and attribute
// names), also the wire format of the D-Bus configuration calls.
#pragma once

#include <string>
#include <string_view>

#include "zones/config.hpp"

namespace zones {

// Serialise with the illumos prologue (DOCTYPE, "DO NOT EDIT" comment),
// attributes in the DTD's ATTLIST order.
std::string to_xml(const ZoneConfig& cfg);

// Parse; `origin` names the file (or "configuration") in the one-line
// error, e.g. "/etc/zones/web.xml: invalid zone XML: ...". Throws
// ZoneError(ErrorKind::Damaged) and never crashes on any input.
ZoneConfig from_xml(std::string_view text, const std::string& origin);

}  // namespace zones
