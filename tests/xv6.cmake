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

# xv6_add(NAME COMMAND...): a test that needs the kernels built.
function(xv6_add name)
  add_test(NAME xv6/${name} COMMAND ${ARGN} WORKING_DIRECTORY ${xv6_dir})
  set_tests_properties(xv6/${name} PROPERTIES LABELS xv6 FIXTURES_REQUIRED xv6-built
                       TIMEOUT 400)
endfunction()

if(XV6_MAKE AND XV6_QEMU_AARCH64 AND XV6_QEMU_X86_64 AND GEARSC_TEST_CC)
  set(xv6_vars BUILD=${xv6_build} GEARSC=$<TARGET_FILE:gearsc>)
  set(xv6_none_vars BUILD=${xv6_build}/cbc-none CBC_SYSCALLS=none)
  # One build step for every configuration the tests boot, one after the
  # other: the kernels of one tree must not be built by two tests at once.
  add_test(NAME xv6/build
           COMMAND sh -c "set -e; for a in aarch64 x86_64; do \"$0\" -s -C \"$1\" -j2 ARCH=$a $2 $3; \"$0\" -s -C \"$1\" -j2 ARCH=$a $4 $5; done"
                   ${XV6_MAKE} ${xv6_dir} ${xv6_vars} ${xv6_none_vars})
  set_tests_properties(xv6/build PROPERTIES LABELS xv6 FIXTURES_SETUP xv6-built TIMEOUT 900)
  add_test(NAME xv6/user-hosttest COMMAND ${XV6_MAKE} -s -C ${xv6_dir} user-hosttest ${xv6_vars})
  add_test(NAME xv6/mkfs-test COMMAND ${XV6_MAKE} -s -C ${xv6_dir} mkfs-test ${xv6_vars})
  set_tests_properties(xv6/user-hosttest xv6/mkfs-test PROPERTIES LABELS xv6)
  foreach(arch IN ITEMS aarch64 x86_64)
    foreach(cpus IN ITEMS 1 2 4)
      xv6_add(${arch}/usertests/cpus${cpus} sh test/usertests.sh ${arch} ${cpus} ${xv6_vars})
    endforeach()
    xv6_add(${arch}/usertests/cbc-none sh test/usertests.sh ${arch} 2 ${xv6_none_vars})
    xv6_add(${arch}/transcript sh test/transcript.sh ${arch} 2 ${xv6_vars})
    xv6_add(${arch}/transcript/cbc-none sh test/transcript.sh ${arch} 2 ${xv6_none_vars})
    xv6_add(${arch}/hostile sh test/hostile.sh ${arch} 2 ${xv6_vars})
    xv6_add(${arch}/stress sh test/stress.sh ${arch} 4 ${xv6_vars})
  endforeach()
endif()
