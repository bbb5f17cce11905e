// The session's Backend: the bus backend, except that "cannot reach the
// zones service" ends the tool with one line instead of being one more
// error message inside the session.
#pragma once

#include <memory>
#include <stdexcept>

#include "zonecfg/backend.hpp"

namespace zones::zonecfg_tool {

// Escapes the session; main prints "zonecfg: <what>" and exits 1.
class ServiceUnreachable : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::unique_ptr<zonecfg::Backend> guard_unreachable(std::unique_ptr<zonecfg::Backend> inner);

}  // namespace zones::zonecfg_tool
