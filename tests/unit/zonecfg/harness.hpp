// A session over an in-memory backend, with its output captured.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <sstream>
#include <string>

#include "zonecfg/memory_backend.hpp"
#include "zonecfg/session.hpp"

namespace zones::zonecfg::test {

enum class Mode { Args, File, Interactive };

struct Harness {
    explicit Harness(std::string zone = "web", Mode mode = Mode::Args) { open(std::move(zone), mode); }

    // A new session (the backend and its zones stay).
    void open(std::string zone, Mode mode) {
        SessionOptions o;
        o.interactive = mode == Mode::Interactive;
        o.stop_on_error = mode != Mode::Interactive;
        if (mode == Mode::File)
            o.command_file = "cmds";
        out.str("");
        err.str("");
        session = std::make_unique<Session>(backend, std::move(zone), o, out, err,
                                            [this](const std::string& q) -> std::optional<bool> {
                                                questions += q + "\n";
                                                if (answers.empty())
                                                    return std::nullopt;
                                                bool a = answers.front();
                                                answers.pop_front();
                                                return a;
                                            });
    }

    // Run text and end the session: the exit status.
    int run(const std::string& text) {
        session->run(text);
        return session->finish().value_or(-1);
    }
    // Run text without ending the session.
    void feed(const std::string& text) { session->run(text); }

    std::string take_out() { std::string s = out.str(); out.str(""); return s; }
    std::string take_err() { std::string s = err.str(); err.str(""); return s; }
    const ZoneConfig& zone(const std::string& name) { return backend.zones.at(name); }

    MemoryBackend backend;
    std::ostringstream out, err;
    std::deque<bool> answers;      // what the user answers, in order
    std::string questions;         // what was asked
    std::unique_ptr<Session> session;
};

}  // namespace zones::zonecfg::test
