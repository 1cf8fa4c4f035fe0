/* A header found through -I: the struct whose members the positional
 * initializer of multi_file.cbc fills. */
struct devsw {
    __code (*read)(int n, __code (*next)(int));
    __code (*write)(int n, __code (*next)(int));
};
__code tty_read(int n, __code (*next)(int));
__code tty_write(int n, __code (*next)(int));
