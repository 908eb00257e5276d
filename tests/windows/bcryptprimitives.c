/* Wine 8 has no bcryptprimitives.dll, where Rust's std (1.78+) and getrandom
 * find ProcessPrng, Windows' random number generator. This stand-in, for
 * running the host under Wine only (real Windows ships the DLL; never
 * package this), answers from RtlGenRandom (advapi32's SystemFunction036),
 * which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
