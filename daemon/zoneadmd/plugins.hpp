// The subsystem plugins of one zone: every *.so of the plugin directory
// (ZONES_PLUGIN_DIR overrides the built-in one, for tests), loaded once with
// Boost.DLL (rtld_now|rtld_local, RTLD_NODELETE: never unloaded), ordered
// fs, dev, then the rest by file name.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "zones/subsystem.hpp"

namespace zones::zoneadmd {

class PluginSet {
public:
    // "" or the one error line: zone 'web': plugin DIR/fs.so: CAUSE
    std::string load(const std::string& dir, const std::string& zone);

    std::vector<Subsystem*> in_order() const;

    static std::string default_dir();
    // What `dir` holds now (each .so's name, inode, size, ctime): a spare
    // zoneadmd compares it with what it loaded before it serves a zone.
    static std::string signature(const std::string& dir);

private:
    std::vector<std::pair<std::string, std::unique_ptr<Subsystem>>> subs_;   // file name, object
};

}  // namespace zones::zoneadmd
