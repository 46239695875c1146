// Owning pointers for GMime/GLib objects. Internal to mail/.
#pragma once

#include <glib-object.h>
#include <glib.h>

#include <memory>

namespace sladesk::mail::detail {

struct GObjectUnref {
    void operator()(void* object) const { g_object_unref(object); }
};
struct GFree {
    void operator()(void* memory) const { g_free(memory); }
};

/// A GObject reference we own (g_object_unref when it goes).
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;
/// A g_malloc'ed buffer we own.
using GCharPtr = std::unique_ptr<char, GFree>;

}  // namespace sladesk::mail::detail
