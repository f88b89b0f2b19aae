    .intel_syntax noprefix
    .text
    .globl handler
handler:
    lea r8, [rip + 0xff9]          # the data page: 4096 - 7 (this instruction's length)
    movsxd rax, edi
    shl rax, 4
    lea r9, [r8 + rax + 64]          # &table[sig]
    cmp dword ptr [r9 + 8], 0
    je 2f
    push rdi
    push rsi
    push rdx
    mov eax, 1                       # SYS_write
    mov edi, dword ptr [r8]
    mov edx, 128
    syscall                          # clobbers rcx, r11; errno untouched
    pop rdx
    pop rsi
    pop rdi
    test rax, rax
    jns 2f
    movsxd rax, edi
    lock inc qword ptr [r8 + rax*8 + 2048]
2:
    mov rax, qword ptr [r9]
    cmp rax, 1
    jbe 3f
    jmp rax
3:
    ret
