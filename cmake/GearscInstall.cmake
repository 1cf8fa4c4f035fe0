# GearscInstall.cmake - what `cmake --install` adds for other projects and
# editors (included at the end of the top-level CMakeLists.txt):
#   lib/cmake/gearsc/       the CMake package: find_package(gearsc) gives
#                           gearsc::gearsc, gearsc::gears_runtime,
#                           gearsc::gears_runtime_hosted, gearsc_target_sources()
#   lib/pkgconfig/          gears-runtime.pc (freestanding core),
#                           gears-runtime-hosted.pc (malloc-backed Contexts)
#   share/man/man1/gearsc.1, share/bash-completion/completions/gearsc
#   lib/libtree-sitter-cbc.so and share/tree-sitter-cbc/queries/*.scm
#                           (the grammar for editors: docs/editors.md)
include(CMakePackageConfigHelpers)

set(GEARSC_CMAKE_DIR lib/cmake/gearsc)

# The same files as the install() rules above, now also exported.
install(TARGETS gearsc gears_runtime gears_runtime_hosted EXPORT gearscTargets
        RUNTIME DESTINATION bin ARCHIVE DESTINATION lib)
install(EXPORT gearscTargets NAMESPACE gearsc:: DESTINATION ${GEARSC_CMAKE_DIR})
configure_package_config_file(cmake/gearscConfig.cmake.in
  ${PROJECT_BINARY_DIR}/cmake/gearscConfig.cmake INSTALL_DESTINATION ${GEARSC_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cmake/gearscConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmake/gearscConfig.cmake
              ${PROJECT_BINARY_DIR}/cmake/gearscConfigVersion.cmake
              cmake/GearscFunctions.cmake
        DESTINATION ${GEARSC_CMAKE_DIR})

# pkg-config: relocatable (prefix from the .pc file's own place).
foreach(pc IN ITEMS gears-runtime gears-runtime-hosted)
  configure_file(cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/cmake/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/cmake/${pc}.pc DESTINATION lib/pkgconfig)
endforeach()

install(FILES docs/gearsc.1 DESTINATION share/man/man1)
install(FILES scripts/gearsc-completion.bash DESTINATION share/bash-completion/completions
        RENAME gearsc)

# The grammar as a shared library for editors, from the objects of the static
# tree_sitter_cbc (compiled once, position-independent).  Its one symbol that
# matters is tree_sitter_cbc().
add_library(tree-sitter-cbc SHARED $<TARGET_OBJECTS:tree_sitter_cbc>)
set_target_properties(tree-sitter-cbc PROPERTIES OUTPUT_NAME tree-sitter-cbc LINKER_LANGUAGE C)
install(TARGETS tree-sitter-cbc LIBRARY DESTINATION lib)
install(FILES grammar/queries/highlights.scm grammar/queries/locals.scm
              grammar/queries/tags.scm grammar/queries/injections.scm
        DESTINATION share/tree-sitter-cbc/queries)
