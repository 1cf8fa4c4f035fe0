/* fsimg.S -- the file system image, embedded in the kernel as its RAM disk.
 *
 * The Makefile passes FSIMG_PATH, the path of build/$(ARCH)/fs.img, and
 * ramdisk.c reads and writes blocks of it through fsimg_start/fsimg_end.
 * It lives in a writable data section (the RAM disk is written), aligned to
 * a page so that its blocks never straddle more pages than necessary. */
        .section .data.fsimg, "aw"
        .balign 4096
        .globl fsimg_start
fsimg_start:
        .incbin FSIMG_PATH
        .globl fsimg_end
fsimg_end:
        .balign 4096
