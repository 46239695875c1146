# Warnings as errors on the project's own code only (third-party headers are SYSTEM includes).
function(sladesk_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror -Wshadow -Wnon-virtual-dtor
        -Wcast-align -Wunused -Woverloaded-virtual -Wimplicit-fallthrough
        # g++ 12 reports false -Wrestrict errors inside std::string's operator+ at -O3 (GCC bug 105329).
        $<$<CXX_COMPILER_ID:GNU>:-Wno-restrict>)
endfunction()
