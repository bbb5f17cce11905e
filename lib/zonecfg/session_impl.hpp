// Session internals shared by the session_*.cpp files (not installed).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "zonecfg/messages.hpp"
#include "zonecfg/parser.hpp"
#include "zonecfg/resources.hpp"
#include "zonecfg/session.hpp"

namespace zones::zonecfg {

// The resource being added or selected (upstream's in_progress_* tables).
struct Edit {
    Res type = Res::Fs;
    bool adding = true;          // end adds; otherwise it replaces `index`
    std::size_t index = 0;
    Fs fs;
    InheritPkgDir ipd;
    Net net;
    Device device;
    Rctl rctl;
    Attr attr;
    Dataset dataset;
    DedicatedCpu dcpu;
    std::optional<std::uint64_t> physical;   // capped-memory
    Admin admin;
    SecurityFlags secflags;
};

// getopt(3) over a command's free tokens.
struct Options {
    std::map<char, std::string> set;   // flag -> argument ("" for plain flags)
    std::string order;                 // the flags as given (where the last of two wins, as getopt loops)
    bool help = false;                 // -?
    bool bad = false;                  // unknown flag or missing argument
    std::size_t optind = 0;
    bool has(char c) const { return set.count(c) != 0; }
};
Options getopt(const std::vector<std::string>& args, std::string_view spec);

struct Session::Impl {
    Impl(Backend& b, std::string z, SessionOptions o, std::ostream& out_, std::ostream& err_,
         Asker a)
        : backend(b), opts(std::move(o)), out(out_), err(err_), asker(std::move(a)),
          zone(z), revert_zone(std::move(z)) {}

    Backend& backend;
    SessionOptions opts;
    std::ostream& out;
    std::ostream& err;
    Asker asker;

    std::string zone;          // the name in prompts and messages
    std::string revert_zone;   // what `revert` reloads
    std::string saved_name;    // the stored name of what commit overwrites ("" = new)
    std::optional<ZoneConfig> cfg;
    std::optional<Edit> edit;
    bool got_handle = false;
    bool dirty = false;
    bool saw_error = false;
    bool time_to_exit = false;
    bool force_exit = false;
    std::optional<int> fatal;  // upstream's exit(Z_ERR) in the middle of a command
    int line = 1;              // of the command being run
    int next_line = 1;         // of the next text given to run()
    int last_header_line = 0;  // "On line N" printed once per line

    // Output, as upstream's zerr(), zone_perror(), short_usage() etc.
    void zerr(std::string_view msg);
    void error(std::string_view msg);
    void perror(std::string_view prefix, Z code);
    void cmd_perror(Cmd c, Res r, Z code);       // "select fs: No such ..."
    void short_usage(Cmd c);
    void long_usage(Cmd c);                      // to stderr, an error
    void longer_usage(Cmd c);                    // help: to stdout
    void usage_err(unsigned flags);              // usage(B_FALSE, flags)
    void scope_usage(Cmd c);
    void fatal_exit(std::string_view msg);
    std::optional<bool> ask(const std::string& question);
    // Parse the flags; false (after the usage message) when the command must stop.
    bool flags(const Command& c, std::string_view spec, Options& o);

    bool initialize(bool expected = true);
    bool state_atleast(ZoneState s);
    bool read_only(Cmd c);
    bool exists(const std::string& name);

    void execute(const Item& item);
    void dispatch(const Command& c);
    bool verify(bool save);

    // session.cpp
    void cmd_verify(const Command& c);
    void cmd_commit(const Command& c);
    void cmd_exit(const Command& c);
    void cmd_help(const Command& c);
    // session_zone.cpp
    void cmd_create(const Command& c);
    void cmd_delete(const Command& c);
    void cmd_revert(const Command& c);
    void cmd_export(const Command& c);
    void info_json(const Command& c);
    bool json_format(const Command& c, const Options& o);
    void cmd_info(const Command& c);
    // session_global.cpp
    void cmd_set(const Command& c);
    void cmd_clear(const Command& c);
    void set_global(const std::string& prop, const std::string& value);
    void clear_global(const std::string& prop);
    // session_resources.cpp, session_properties.cpp, session_end.cpp
    void cmd_add(const Command& c);
    void cmd_select(const Command& c);
    void cmd_remove(const Command& c);
    void cmd_end(const Command& c);
    void cmd_cancel(const Command& c);
    void add_resource(const Command& c);
    void add_property(const Command& c);
    void remove_resource(const Command& c, bool force);
    void remove_property(const Command& c);
    void set_property(const std::string& prop, const Value& v);
    void clear_property(const std::string& prop);
    void add_rctl_value(const std::vector<Pair>& pairs);
    bool end_checks();
};

}  // namespace zones::zonecfg
