# examples/xv6, the kernel: built by its own Makefile (with this tree's
# gearsc for the gear system calls), booted in QEMU by its test scripts.
# Every test carries the label xv6, so a second build tree can leave the
# boots out (ctest -LE xv6; .ci/run does that for its clang and sanitizer
# builds).  Without qemu-system-* the boots are not registered.
set(xv6_dir ${PROJECT_SOURCE_DIR}/examples/xv6)
set(xv6_build ${PROJECT_BINARY_DIR}/xv6)
find_program(XV6_QEMU_AARCH64 qemu-system-aarch64)
find_program(XV6_QEMU_X86_64 qemu-system-x86_64)
find_program(XV6_MAKE NAMES make gmake)
find_program(XV6_CLANG19 clang-19)

# xv6_add(NAME COMMAND...): a test that needs the kernels built.
function(xv6_add name)
  add_test(NAME xv6/${name} COMMAND ${ARGN} WORKING_DIRECTORY ${xv6_dir})
  set_tests_properties(xv6/${name} PROPERTIES LABELS xv6 FIXTURES_REQUIRED xv6-built
                       TIMEOUT 400)
endfunction()

if(XV6_MAKE AND XV6_QEMU_AARCH64 AND XV6_QEMU_X86_64 AND GEARSC_TEST_CC)
  set(xv6_vars BUILD=${xv6_build} GEARSC=$<TARGET_FILE:gearsc>)
  # All C: no plain CbC gears (CBC_SYSCALLS=none), no Gears mode (GEARS=0).
  set(xv6_none_vars BUILD=${xv6_build}/cbc-none CBC_SYSCALLS=none GEARS=0)
  # The default (xv6_vars) is GEARS=1: read, write, close and sbrk in Gears
  # mode (kernel/gears/), the other calls plain CbC gears.  GEARS=0 keeps the
  # plain CbC gear versions of those four covered too.
  set(xv6_gears0_vars BUILD=${xv6_build}/gears0 GEARSC=$<TARGET_FILE:gearsc> GEARS=0)
  # With clang-19 as the backend of `gearsc cc` (every system call as gears).
  set(xv6_clang19_vars BUILD=${xv6_build}/clang19 GEARSC=$<TARGET_FILE:gearsc> CC=clang-19)
  # One build step for every configuration the tests boot, one after the
  # other: the kernels of one tree must not be built by two tests at once.
  set(xv6_build_script "set -e; for a in aarch64 x86_64; do \"$0\" -s -C \"$1\" -j2 ARCH=$a $2 $3; \"$0\" -s -C \"$1\" -j2 ARCH=$a $4 $5 $6; \"$0\" -s -C \"$1\" -j2 ARCH=$a $7 $8 $9")
  if(XV6_CLANG19)
    string(APPEND xv6_build_script "; \"$0\" -s -C \"$1\" -j2 ARCH=$a \${10} \${11} \${12}")
  endif()
  string(APPEND xv6_build_script "; done")
  add_test(NAME xv6/build
           COMMAND sh -c "${xv6_build_script}"
                   ${XV6_MAKE} ${xv6_dir} ${xv6_vars} ${xv6_none_vars} ${xv6_gears0_vars}
                   ${xv6_clang19_vars})
  set_tests_properties(xv6/build PROPERTIES LABELS xv6 FIXTURES_SETUP xv6-built TIMEOUT 1800)
  # The host-side tests build into a tree of their own: run beside
  # xv6/build, they must not rebuild its mkfs (which would make every
  # fs.img stale, and the boots below would then race to remake them).
  set(xv6_host_vars BUILD=${xv6_build}/host)
  add_test(NAME xv6/user-hosttest COMMAND ${XV6_MAKE} -s -C ${xv6_dir} user-hosttest ${xv6_host_vars})
  add_test(NAME xv6/mkfs-test COMMAND ${XV6_MAKE} -s -C ${xv6_dir} mkfs-test ${xv6_host_vars})
  set_tests_properties(xv6/user-hosttest xv6/mkfs-test PROPERTIES LABELS xv6)
  foreach(arch IN ITEMS aarch64 x86_64)
    foreach(cpus IN ITEMS 1 2 4)
      xv6_add(${arch}/usertests/cpus${cpus} sh test/usertests.sh ${arch} ${cpus} ${xv6_vars})
    endforeach()
    xv6_add(${arch}/usertests/cbc-none sh test/usertests.sh ${arch} 2 ${xv6_none_vars})
    xv6_add(${arch}/usertests/gears0 sh test/usertests.sh ${arch} 2 ${xv6_gears0_vars})
    xv6_add(${arch}/transcript sh test/transcript.sh ${arch} 2 ${xv6_vars})
    xv6_add(${arch}/transcript/cbc-none sh test/transcript.sh ${arch} 2 ${xv6_none_vars})
    xv6_add(${arch}/hostile sh test/hostile.sh ${arch} 2 ${xv6_vars})
    xv6_add(${arch}/stress sh test/stress.sh ${arch} 4 ${xv6_vars})
    xv6_add(${arch}/hostile/cbc-none sh test/hostile.sh ${arch} 2 ${xv6_none_vars})
    xv6_add(${arch}/stress/cbc-none sh test/stress.sh ${arch} 4 ${xv6_none_vars})
    # Chains suspended in sleep under interrupts, traps and kill, many at
    # once, and resumed on another CPU (4 CPUs; the kernel's counter).
    xv6_add(${arch}/chaintests sh test/chaintests.sh ${arch} 4 ${xv6_vars})
    xv6_add(${arch}/chaintests/cbc-none sh test/chaintests.sh ${arch} 4 ${xv6_none_vars})
    if(arch STREQUAL "aarch64")
      # The transition tracer (GTRACE=1, its own build tree; one arch keeps
      # CI short: test/gtrace.sh x86_64 runs the other by hand).
      xv6_add(${arch}/gtrace sh test/gtrace.sh ${arch} BUILD=${xv6_build}/gtrace
              GEARSC=$<TARGET_FILE:gearsc>)
    endif()
    if(XV6_CLANG19)
      xv6_add(${arch}/usertests/clang19 sh test/usertests.sh ${arch} 2 ${xv6_clang19_vars})
    endif()
  endforeach()
endif()

# The gear transition graphs in examples/xv6/docs/: the committed .dot files
# must be what tools/gears-docs.sh makes now from the kernel's .cbc sources
# with this tree's `gearsc graph` (and read.dot must hold the paper's
# figure 4).  Needs only sh and gearsc.
add_test(NAME xv6/docs/graphs COMMAND env GEARSC=$<TARGET_FILE:gearsc> sh tools/gears-docs.sh --check
         WORKING_DIRECTORY ${xv6_dir})
# Every system call has a gear version, and no gear file calls a C one.
if(XV6_MAKE)
  add_test(NAME xv6/cbc-rules COMMAND sh test/cbc-rules.sh WORKING_DIRECTORY ${xv6_dir})
  set_tests_properties(xv6/cbc-rules PROPERTIES LABELS xv6)
  # A Gears implementation whose method parameter disagrees with the IO
  # Interface stops the kernel build with gearsc's located error (issue 17).
  if(GEARSC_TEST_CC)
    add_test(NAME xv6/gears-conformance
             COMMAND env GEARSC=$<TARGET_FILE:gearsc> sh test/gears-conformance.sh x86_64
             WORKING_DIRECTORY ${xv6_dir})
    set_tests_properties(xv6/gears-conformance PROPERTIES LABELS xv6)
  endif()
endif()
set_tests_properties(xv6/docs/graphs PROPERTIES LABELS xv6)
