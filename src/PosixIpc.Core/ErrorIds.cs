namespace PosixIpc;

/// <summary>
/// Every ErrorId the module reports, in one place. An ErrorId is part of the module's contract: scripts
/// match on it, about_PosixIpc documents each one (a test checks both ways), and none is ever built
/// by concatenation.
/// </summary>
public static class ErrorIds
{
    // Event sources (Register-MqMessageEvent, Register-IpcSignalEvent)
    public const string EventSubscriberFailed = nameof(EventSubscriberFailed);

    // Fifo
    public const string FifoCreateFailed = nameof(FifoCreateFailed);
    public const string FifoExists = nameof(FifoExists);
    public const string FifoForeignOwner = nameof(FifoForeignOwner);
    public const string FifoNotFound = nameof(FifoNotFound);
    public const string FifoOpenFailed = nameof(FifoOpenFailed);
    public const string FifoOpenTimeout = nameof(FifoOpenTimeout);
    public const string FifoDataNotEmitted = nameof(FifoDataNotEmitted);
    public const string FifoLineTooLong = nameof(FifoLineTooLong);
    public const string FifoParentNotFound = nameof(FifoParentNotFound);
    public const string FifoPathTaken = nameof(FifoPathTaken);
    public const string FifoPermissionDenied = nameof(FifoPermissionDenied);
    public const string FifoReadFailed = nameof(FifoReadFailed);
    public const string FifoReadTimeout = nameof(FifoReadTimeout);
    public const string FifoReaderGone = nameof(FifoReaderGone);
    public const string FifoRemoveFailed = nameof(FifoRemoveFailed);
    public const string FifoStatFailed = nameof(FifoStatFailed);
    public const string FifoWriteFailed = nameof(FifoWriteFailed);
    public const string FifoWriteTimeout = nameof(FifoWriteTimeout);
    public const string NotAFifo = nameof(NotAFifo);

    // Signal
    public const string SignalHandlerSetupFailed = nameof(SignalHandlerSetupFailed);
    public const string SignalInvalidProcessId = nameof(SignalInvalidProcessId);
    public const string SignalNotCatchable = nameof(SignalNotCatchable);
    public const string SignalOutOfRange = nameof(SignalOutOfRange);
    public const string SignalPermissionDenied = nameof(SignalPermissionDenied);
    public const string SignalProcessNotFound = nameof(SignalProcessNotFound);
    public const string SignalRegistrationFailed = nameof(SignalRegistrationFailed);
    public const string SignalSendFailed = nameof(SignalSendFailed);
    public const string SignalStatusUnreadable = nameof(SignalStatusUnreadable);
    public const string SignalSubscriberExists = nameof(SignalSubscriberExists);
    public const string SignalUnknown = nameof(SignalUnknown);
    public const string SignalWaitTimeout = nameof(SignalWaitTimeout);

    // Message queue
    public const string MqCreateFailed = nameof(MqCreateFailed);
    public const string MqEmpty = nameof(MqEmpty);
    public const string MqExists = nameof(MqExists);
    public const string MqForeignOwner = nameof(MqForeignOwner);
    public const string MqFull = nameof(MqFull);
    public const string MqInvalidName = nameof(MqInvalidName);
    public const string MqLimitExceeded = nameof(MqLimitExceeded);
    public const string MqMessageTooLarge = nameof(MqMessageTooLarge);
    public const string MqMessageNotGivenBack = nameof(MqMessageNotGivenBack);
    public const string MqNotFound = nameof(MqNotFound);
    public const string MqNotMounted = nameof(MqNotMounted);
    public const string MqNotSerialized = nameof(MqNotSerialized);
    public const string MqOpenFailed = nameof(MqOpenFailed);
    public const string MqPermissionDenied = nameof(MqPermissionDenied);
    public const string MqReceiveFailed = nameof(MqReceiveFailed);
    public const string MqReceiveTimeout = nameof(MqReceiveTimeout);
    public const string MqRemoveFailed = nameof(MqRemoveFailed);
    public const string MqSendFailed = nameof(MqSendFailed);
    public const string MqSendTimeout = nameof(MqSendTimeout);
    public const string MqSubscriberExists = nameof(MqSubscriberExists);

    // Shared memory
    public const string ShmCreateFailed = nameof(ShmCreateFailed);
    public const string ShmExists = nameof(ShmExists);
    public const string ShmForeignOwner = nameof(ShmForeignOwner);
    public const string ShmGetFailed = nameof(ShmGetFailed);
    public const string ShmInvalidName = nameof(ShmInvalidName);
    public const string ShmInvalidSize = nameof(ShmInvalidSize);
    public const string ShmNoSpace = nameof(ShmNoSpace);
    public const string ShmNotFound = nameof(ShmNotFound);
    public const string ShmOpenFailed = nameof(ShmOpenFailed);
    public const string ShmOutOfRange = nameof(ShmOutOfRange);
    public const string ShmPermissionDenied = nameof(ShmPermissionDenied);
    public const string ShmReadFailed = nameof(ShmReadFailed);
    public const string ShmReadOnly = nameof(ShmReadOnly);
    public const string ShmReadTooLarge = nameof(ShmReadTooLarge);
    public const string ShmRemoveFailed = nameof(ShmRemoveFailed);
    public const string ShmStatFailed = nameof(ShmStatFailed);
    public const string ShmTooLarge = nameof(ShmTooLarge);
    public const string ShmWriteFailed = nameof(ShmWriteFailed);

    // Semaphore
    public const string SemaphoreAcquireFailed = nameof(SemaphoreAcquireFailed);
    public const string SemaphoreBusy = nameof(SemaphoreBusy);
    public const string SemaphoreCreateFailed = nameof(SemaphoreCreateFailed);
    public const string SemaphoreForeignOwner = nameof(SemaphoreForeignOwner);
    public const string SemaphoreExists = nameof(SemaphoreExists);
    public const string SemaphoreGetFailed = nameof(SemaphoreGetFailed);
    public const string SemaphoreInvalid = nameof(SemaphoreInvalid);
    public const string SemaphoreInvalidName = nameof(SemaphoreInvalidName);
    public const string SemaphoreInvalidValue = nameof(SemaphoreInvalidValue);
    public const string SemaphoreNotFound = nameof(SemaphoreNotFound);
    public const string SemaphoreOpenFailed = nameof(SemaphoreOpenFailed);
    public const string SemaphoreOverflow = nameof(SemaphoreOverflow);
    public const string SemaphorePermissionDenied = nameof(SemaphorePermissionDenied);
    public const string SemaphoreReleaseFailed = nameof(SemaphoreReleaseFailed);
    public const string SemaphoreRemoveFailed = nameof(SemaphoreRemoveFailed);
    public const string SemaphoreTimeout = nameof(SemaphoreTimeout);

    // Mapped file
    public const string MappedFileEmpty = nameof(MappedFileEmpty);
    public const string MappedFileExtendFailed = nameof(MappedFileExtendFailed);
    public const string MappedFileIOFailed = nameof(MappedFileIOFailed);
    public const string MappedFileMapFailed = nameof(MappedFileMapFailed);
    public const string MappedFileNoSpace = nameof(MappedFileNoSpace);
    public const string MappedFileNotFound = nameof(MappedFileNotFound);
    public const string MappedFileNotRegular = nameof(MappedFileNotRegular);
    public const string MappedFileOpenFailed = nameof(MappedFileOpenFailed);
    public const string MappedFileOutOfRange = nameof(MappedFileOutOfRange);
    public const string MappedFilePatternLength = nameof(MappedFilePatternLength);
    public const string MappedFilePermissionDenied = nameof(MappedFilePermissionDenied);
    public const string MappedFileReadOnly = nameof(MappedFileReadOnly);
    public const string MappedFileStatFailed = nameof(MappedFileStatFailed);
    public const string MappedFileSyncFailed = nameof(MappedFileSyncFailed);
    public const string MappedFileTextTooLarge = nameof(MappedFileTextTooLarge);
    public const string MappedFileTruncated = nameof(MappedFileTruncated);

    // Unix socket
    public const string SocketAbstractNameTaken = nameof(SocketAbstractNameTaken);
    public const string SocketAcceptFailed = nameof(SocketAcceptFailed);
    public const string SocketAsByteStreamConflict = nameof(SocketAsByteStreamConflict);
    public const string SocketBindFailed = nameof(SocketBindFailed);
    public const string SocketConnectFailed = nameof(SocketConnectFailed);
    public const string SocketConnectionRefused = nameof(SocketConnectionRefused);
    public const string SocketPeerUserConflict = nameof(SocketPeerUserConflict);
    public const string SocketPeerUserMismatch = nameof(SocketPeerUserMismatch);
    public const string SocketUnknownUser = nameof(SocketUnknownUser);
    public const string SocketCreateFailed = nameof(SocketCreateFailed);
    public const string SocketExists = nameof(SocketExists);
    public const string SocketInUse = nameof(SocketInUse);
    public const string SocketInvalidName = nameof(SocketInvalidName);
    public const string SocketListenFailed = nameof(SocketListenFailed);
    public const string SocketMessageTooLarge = nameof(SocketMessageTooLarge);
    public const string SocketNotASocket = nameof(SocketNotASocket);
    public const string SocketNotFound = nameof(SocketNotFound);
    public const string SocketNotSerialized = nameof(SocketNotSerialized);
    public const string SocketParentNotFound = nameof(SocketParentNotFound);
    public const string SocketPathTaken = nameof(SocketPathTaken);
    public const string SocketPeerGone = nameof(SocketPeerGone);
    public const string SocketPermissionDenied = nameof(SocketPermissionDenied);
    public const string SocketReceiveFailed = nameof(SocketReceiveFailed);
    public const string SocketRemoveFailed = nameof(SocketRemoveFailed);
    public const string SocketRequestFailed = nameof(SocketRequestFailed);
    public const string SocketSendFailed = nameof(SocketSendFailed);
    public const string SocketStatFailed = nameof(SocketStatFailed);
    public const string SocketTimeout = nameof(SocketTimeout);
    public const string SocketWrongType = nameof(SocketWrongType);

    // File lock
    public const string FileLockBusy = nameof(FileLockBusy);
    public const string FileLockFailed = nameof(FileLockFailed);
    public const string FileLockNotFound = nameof(FileLockNotFound);
    public const string FileLockNotHeld = nameof(FileLockNotHeld);
    public const string FileLockNotRegular = nameof(FileLockNotRegular);
    public const string FileLockOpenFailed = nameof(FileLockOpenFailed);
    public const string FileLockPermissionDenied = nameof(FileLockPermissionDenied);
    public const string FileLockSymlink = nameof(FileLockSymlink);
    public const string FileLockTimeout = nameof(FileLockTimeout);

    // systemd notification
    public const string SystemdNotifyEmpty = nameof(SystemdNotifyEmpty);
    public const string SystemdNotifyFailed = nameof(SystemdNotifyFailed);
    public const string SystemdNotifyInvalidField = nameof(SystemdNotifyInvalidField);
    public const string SystemdNotifyInvalidSocket = nameof(SystemdNotifyInvalidSocket);
    public const string SystemdNotifyPermissionDenied = nameof(SystemdNotifyPermissionDenied);
    public const string SystemdNotifySocketNotFound = nameof(SystemdNotifySocketNotFound);
    public const string SystemdNotifyTimeout = nameof(SystemdNotifyTimeout);

    // Inventory
    public const string IpcObjectIdRequired = nameof(IpcObjectIdRequired);
    public const string IpcObjectInvalidName = nameof(IpcObjectInvalidName);
    public const string IpcObjectNotFound = nameof(IpcObjectNotFound);
    public const string IpcObjectChanged = nameof(IpcObjectChanged);
    public const string IpcObjectNotRemovable = nameof(IpcObjectNotRemovable);
    public const string IpcObjectPermissionDenied = nameof(IpcObjectPermissionDenied);
    public const string IpcObjectRemoveFailed = nameof(IpcObjectRemoveFailed);

    // Any cmdlet
    public const string NotBytes = nameof(NotBytes);
    public const string PathNotFileSystem = nameof(PathNotFileSystem);
    public const string PathMissing = nameof(PathMissing);
    public const string PathAmbiguous = nameof(PathAmbiguous);
    public const string RawWithCount = nameof(RawWithCount);
}
