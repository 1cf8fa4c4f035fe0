# gearsc-gdb.py - gdb support for programs lowered by gearsc (docs/debugging.md).
#
#     (gdb) source /path/to/gearsc/scripts/gearsc-gdb.py
#
# gearsc lowers every code gear to a C function of one uniform signature:
# the chain pointer and the slot words (__cbc_chain, __cbc_w0.., __cbc_f0..),
# or, in Gears mode, `struct Context *context`, and unpacks the gear's own parameters into locals at its entry, under
# `#line 0` (so their declarations have line 0 in the debug information and
# a breakpoint on the gear stops after them).  This script makes gdb show
# those locals as the gear's arguments:
#
#   info args        in a gear's frame: the gear's parameters, not the slots
#                    (elsewhere as before)
#   backtrace        gear frames list the gear's parameters; the frame below
#                    the innermost gears is the C function that entered the
#                    chain (gotos are tail calls: earlier gears are gone)
#   info gear        the gear of the selected frame, its parameters, and the
#                    C function that entered its chain
#
# Needs gdb with Python (Debian's gdb has it).
import gdb

try:
    from gdb.FrameDecorator import FrameDecorator
except ImportError:  # a gdb without frame filters: info args only
    FrameDecorator = None

SLOT_NAMES = ("__cbc_chain", "__cbc_w0")


def function_block(frame):
    """The outermost block of frame's function, or None."""
    try:
        block = frame.block()
    except RuntimeError:
        return None
    while block is not None and block.function is None:
        block = block.superblock
    return block


def is_gear(frame):
    """Whether frame runs a lowered code gear: its C arguments are the slots
    (plain CbC), or only `context` with parameters unpacked at line 0 (Gears
    mode, gearsc --gears)."""
    block = function_block(frame)
    if block is None:
        return False
    names = [sym.name for sym in block if sym.is_argument]
    if len(names) >= 2 and tuple(names[:2]) == SLOT_NAMES:
        return True
    return names == ["context"] and bool(gear_parameters(frame))


def gear_parameters(frame):
    """The gear's own parameters: the locals gearsc declares at line 0."""
    block = function_block(frame)
    if block is None:
        return []
    return [sym for sym in block
            if sym.is_variable and not sym.is_argument and sym.line == 0
            and not sym.name.startswith("__cbc_")]


def c_arguments(frame):
    block = function_block(frame)
    if block is None:
        return []
    return [sym for sym in block if sym.is_argument]


def value_text(frame, sym):
    try:
        return str(frame.read_var(sym))
    except (gdb.error, RuntimeError) as e:
        return "<%s>" % e


def entry_function(frame):
    """The first older frame that is not a gear: the C function whose goto
    (or gear call) entered the chain."""
    older = frame.older()
    while older is not None and is_gear(older):
        older = older.older()
    return older


class InfoArgs(gdb.Command):
    """Print the arguments of the selected frame; in a code gear lowered by
gearsc, the gear's own parameters rather than the slot words."""

    def __init__(self):
        super().__init__("info args", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        frame = gdb.selected_frame()
        syms = gear_parameters(frame) if is_gear(frame) else c_arguments(frame)
        if not syms:
            print("No arguments.")
        for sym in syms:
            print("%s = %s" % (sym.name, value_text(frame, sym)))


class InfoGear(gdb.Command):
    """Print the code gear of the selected frame, its parameters, and the C
function that entered its chain."""

    def __init__(self):
        super().__init__("info gear", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        frame = gdb.selected_frame()
        if not is_gear(frame):
            print("The selected frame is not a code gear.")
            return
        print("gear %s" % frame.name())
        for sym in gear_parameters(frame):
            print("  %s = %s" % (sym.name, value_text(frame, sym)))
        entry = entry_function(frame)
        if entry is not None:
            sal = entry.find_sal()
            where = ""
            if sal.symtab is not None:
                where = " at %s:%d" % (sal.symtab.filename, sal.line)
            print("chain entered by %s%s" % (entry.name(), where))


class GearArgument:
    def __init__(self, frame, sym):
        self._frame = frame
        self._sym = sym

    def symbol(self):
        return self._sym

    def value(self):
        try:
            return self._frame.read_var(self._sym)
        except (gdb.error, RuntimeError):
            return None


if FrameDecorator is not None:
    class GearFrame(FrameDecorator):
        def frame_args(self):
            frame = self.inferior_frame()
            return [GearArgument(frame, sym) for sym in gear_parameters(frame)]

    class GearFrameFilter:
        """Shows a code gear's own parameters in backtraces."""

        def __init__(self):
            self.name = "gearsc-gears"
            self.priority = 100
            self.enabled = True
            gdb.frame_filters[self.name] = self

        def filter(self, frames):
            for decorator in frames:
                frame = decorator.inferior_frame()
                yield GearFrame(decorator) if is_gear(frame) else decorator

    GearFrameFilter()

InfoArgs()
InfoGear()
