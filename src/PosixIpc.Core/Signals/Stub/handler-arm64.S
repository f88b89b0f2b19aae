    .text
    .globl handler
handler:
    adr   x9, . + 4096               // the data page, the next one
    add   x10, x9, #64
    add   x10, x10, w0, sxtw #4      // &table[sig]
    ldr   w11, [x10, #8]
    cbz   w11, 2f
    mov   x12, x0
    mov   x13, x1
    mov   x14, x2
    ldr   w0, [x9]                   // the pipe's fd; x1 = info
    mov   x2, #128
    mov   x8, #64                    // SYS_write
    svc   #0                         // only x0 changes; errno untouched
    mov   x15, x0
    mov   x0, x12
    mov   x1, x13
    mov   x2, x14
    tbz   x15, #63, 2f
    add   x15, x9, #2048
    add   x15, x15, w0, sxtw #3      // &lost[sig]
1:  ldxr  x16, [x15]
    add   x16, x16, #1
    stxr  w17, x16, [x15]
    cbnz  w17, 1b
2:  ldr   x16, [x10]
    cmp   x16, #1
    b.ls  3f
    br    x16
3:  ret
