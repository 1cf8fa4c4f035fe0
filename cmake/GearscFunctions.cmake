# GearscFunctions.cmake - turn .cbc sources into a target's C sources.
#
# Loaded by find_package(gearsc) (installed) and by gearsc's own tree.  Both
# provide the executable target gearsc::gearsc (and, for Gears programs, the
# runtime library targets gearsc::gears_runtime and gearsc::gears_runtime_hosted).
#
#   gearsc_target_sources(<target> [GEARS]
#       [INCLUDE_DIRECTORIES <dir>...]   # gearsc -I, also added to <target>
#       [OPTIONS <option>...]            # more gearsc options, e.g. --no-line
#       [CONTEXT_HEADER <name>]          # GEARS: default context.h
#       [LINK_INCLUDES <header>...]      # GEARS: gearsc link --include=HEADER
#       [OUTPUT_DIRECTORY <dir>]         # default <binary dir>/gearsc/<target>
#       [HEADERS <file.h>...]            # headers that hold CbC: translated too
#       SOURCES <file.cbc>...)
#
# Plain CbC: each FILE.cbc becomes OUTPUT_DIRECTORY/FILE.c (`gearsc -o`).
# HEADERS that hold CbC (gear prototypes) become OUTPUT_DIRECTORY/NAME.h, NAME
# their path below the first INCLUDE_DIRECTORIES entry that holds them (else
# below the current source directory), so the #include "NAME" lines of the
# generated C find the translation: OUTPUT_DIRECTORY comes first on the
# target's include path.
# GEARS: each becomes FILE.c and FILE.json (`gearsc --gears --manifest=`),
# then `gearsc link` merges the manifests into OUTPUT_DIRECTORY/<context
# header> and OUTPUT_DIRECTORY/gears_tables.c; the tables file joins the
# target's sources, OUTPUT_DIRECTORY its include directories, and the target
# links gearsc::gears_runtime (add gearsc::gears_runtime_hosted for
# malloc-backed Contexts).  A program's Gears sources go in one call: the
# link sees them all.
#
# Dependencies: each generated C file depends on gearsc, its .cbc and the
# headers it reads (#include "..." and #interface "...", followed through
# headers, searched like gearsc does: the including file's directory, then
# INCLUDE_DIRECTORIES).  The headers are found when CMake configures: a new
# #include line is seen at the next configure (run by any edit of a
# CMakeLists.txt, or by hand).  A DEPFILE written by gearsc itself comes later.
if(CMAKE_VERSION VERSION_LESS 3.18)
  message(FATAL_ERROR "gearsc_target_sources needs CMake 3.18 or newer (this is ${CMAKE_VERSION})")
endif()
include_guard(GLOBAL)
cmake_policy(PUSH)
cmake_policy(VERSION 3.18)

# The quoted headers that `file` reads, recursively, as gearsc finds them.
function(_gearsc_scan_headers file dirs out_var)
  set(found)
  set(todo ${file})
  while(todo)
    list(POP_FRONT todo current)
    if(NOT EXISTS "${current}" OR IS_DIRECTORY "${current}")
      continue()
    endif()
    file(STRINGS "${current}" lines REGEX "^[ \t]*#[ \t]*(include|interface)[ \t]*\"[^\"]+\"")
    get_filename_component(here "${current}" DIRECTORY)
    foreach(line IN LISTS lines)
      string(REGEX REPLACE "^[^\"]*\"([^\"]+)\".*$" "\\1" name "${line}")
      foreach(dir IN ITEMS "${here}" ${dirs})
        if(EXISTS "${dir}/${name}" AND NOT IS_DIRECTORY "${dir}/${name}")
          get_filename_component(path "${dir}/${name}" ABSOLUTE)
          if(NOT path IN_LIST found AND NOT path STREQUAL file)
            list(APPEND found "${path}")
            list(APPEND todo "${path}")
          endif()
          break()
        endif()
      endforeach()
    endforeach()
  endwhile()
  set(${out_var} ${found} PARENT_SCOPE)
endfunction()

function(gearsc_target_sources target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "GEARS"
                        "CONTEXT_HEADER;OUTPUT_DIRECTORY"
                        "SOURCES;HEADERS;INCLUDE_DIRECTORIES;OPTIONS;LINK_INCLUDES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "gearsc_target_sources: unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "gearsc_target_sources: no target '${target}'")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "gearsc_target_sources(${target}): no SOURCES")
  endif()
  if(NOT arg_GEARS AND (arg_CONTEXT_HEADER OR arg_LINK_INCLUDES))
    message(FATAL_ERROR "gearsc_target_sources(${target}): CONTEXT_HEADER and LINK_INCLUDES need GEARS")
  endif()
  if(arg_GEARS)
    get_target_property(linked ${target} GEARSC_GEARS_LINKED)
    if(linked)
      message(FATAL_ERROR "gearsc_target_sources(${target}): GEARS sources already given; "
                          "a program's Gears sources go in one call (one gearsc link)")
    endif()
    set_property(TARGET ${target} PROPERTY GEARSC_GEARS_LINKED TRUE)
  endif()

  set(outdir "${arg_OUTPUT_DIRECTORY}")
  if(NOT outdir)
    set(outdir "${CMAKE_CURRENT_BINARY_DIR}/gearsc/${target}")
  endif()
  get_filename_component(outdir "${outdir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  set(context_header "${arg_CONTEXT_HEADER}")
  if(NOT context_header)
    set(context_header context.h)
  endif()

  set(dirs)
  set(include_flags)
  foreach(dir IN LISTS arg_INCLUDE_DIRECTORIES)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND dirs "${dir}")
    list(APPEND include_flags -I "${dir}")
  endforeach()
  set(mode_flags)
  set(comment gearsc)
  if(arg_GEARS)
    set(comment "gearsc --gears")
    set(mode_flags --gears)
    if(arg_CONTEXT_HEADER)
      list(APPEND mode_flags "--context-header=${context_header}")
    endif()
  endif()

  set(c_files)
  set(manifests)
  set(source_dirs)
  foreach(src IN LISTS arg_SOURCES)
    get_filename_component(src "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    # FILE.cbc -> OUTPUT_DIRECTORY/FILE.c, keeping the path below the source dir
    file(RELATIVE_PATH rel "${CMAKE_CURRENT_SOURCE_DIR}" "${src}")
    if(rel MATCHES "^\\.\\./" OR IS_ABSOLUTE "${rel}")
      get_filename_component(rel "${src}" NAME)
    endif()
    string(REGEX REPLACE "\\.[^./]*$" "" stem "${rel}")
    set(c "${outdir}/${stem}.c")
    if(c IN_LIST c_files)
      message(FATAL_ERROR "gearsc_target_sources(${target}): two sources write ${c}")
    endif()
    get_filename_component(cdir "${c}" DIRECTORY)
    get_filename_component(sdir "${src}" DIRECTORY)
    list(APPEND source_dirs "${sdir}")
    _gearsc_scan_headers("${src}" "${dirs}" headers)
    set(outputs "${c}")
    set(manifest_flag)
    if(arg_GEARS)
      set(json "${outdir}/${stem}.json")
      list(APPEND outputs "${json}")
      list(APPEND manifests "${json}")
      set(manifest_flag "--manifest=${json}")
    endif()
    add_custom_command(
      OUTPUT ${outputs}
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${cdir}"
      COMMAND gearsc::gearsc ${mode_flags} ${include_flags} ${arg_OPTIONS}
              "${src}" -o "${c}" ${manifest_flag}
      DEPENDS gearsc::gearsc "${src}" ${headers}
      COMMENT "${comment} ${rel}"
      VERBATIM)
    list(APPEND c_files "${c}")
  endforeach()

  # Headers that hold CbC: translated in place of the originals.
  foreach(header IN LISTS arg_HEADERS)
    get_filename_component(header "${header}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    set(rel)
    foreach(dir IN LISTS dirs ITEMS "${CMAKE_CURRENT_SOURCE_DIR}")
      file(RELATIVE_PATH candidate "${dir}" "${header}")
      if(NOT candidate MATCHES "^\\.\\./" AND NOT IS_ABSOLUTE "${candidate}")
        set(rel "${candidate}")
        break()
      endif()
    endforeach()
    if(NOT rel)
      get_filename_component(rel "${header}" NAME)
    endif()
    set(h "${outdir}/${rel}")
    get_filename_component(hdir "${h}" DIRECTORY)
    _gearsc_scan_headers("${header}" "${dirs}" headers)
    add_custom_command(
      OUTPUT "${h}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${hdir}"
      COMMAND gearsc::gearsc ${mode_flags} ${include_flags} ${arg_OPTIONS} "${header}" -o "${h}"
      DEPENDS gearsc::gearsc "${header}" ${headers}
      COMMENT "${comment} ${rel}"
      VERBATIM)
    list(APPEND c_files "${h}")
  endforeach()

  set(generated ${c_files})
  if(arg_GEARS)
    set(link_flags)
    foreach(h IN LISTS arg_LINK_INCLUDES)
      list(APPEND link_flags "--include=${h}")
    endforeach()
    add_custom_command(
      OUTPUT "${outdir}/${context_header}" "${outdir}/gears_tables.c"
      COMMAND gearsc::gearsc link -o "${outdir}/${context_header}"
              "--tables=${outdir}/gears_tables.c" ${link_flags} ${manifests}
      DEPENDS gearsc::gearsc ${manifests}
      COMMENT "gearsc link ${target}"
      VERBATIM)
    list(APPEND generated "${outdir}/gears_tables.c" "${outdir}/${context_header}")
    target_link_libraries(${target} PRIVATE gearsc::gears_runtime)
  endif()
  target_sources(${target} PRIVATE ${generated})
  # The generated C keeps the sources' own #include "..." lines: they must
  # find what the .cbc found.  The context header lives in OUTPUT_DIRECTORY.
  list(REMOVE_DUPLICATES source_dirs)
  target_include_directories(${target} BEFORE PRIVATE "${outdir}")
  target_include_directories(${target} PRIVATE ${source_dirs} ${dirs})
endfunction()
cmake_policy(POP)
