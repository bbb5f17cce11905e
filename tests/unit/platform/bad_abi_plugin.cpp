// A plugin built against interface version 0: zoneadmd must refuse it with
// one line naming the file.
#include <boost/dll/alias.hpp>

#include "zones/subsystem.hpp"

namespace {
std::unique_ptr<zones::Subsystem> create() noexcept { return nullptr; }
const unsigned abi = 0;
}  // namespace

BOOST_DLL_ALIAS(create, zones_subsystem_create)
BOOST_DLL_ALIAS(abi, zones_subsystem_abi)
